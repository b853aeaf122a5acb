# Warnings are errors everywhere in the project's own code.
function(dialtone_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                           -Wpedantic -Wno-missing-field-initializers)
endfunction()

# Warnings are errors everywhere in the project's own code.
function(dialtone_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                           -Wpedantic -Wno-missing-field-initializers)
  # GCC 12 at -O3 reports impossible overlaps inside libstdc++'s string concatenation
  # (GCC bug 105329: -Wrestrict on `"x" + std::string`), which stops the Release build that
  # scripts/serve.sh runs. Later GCCs fixed it; there the warning stays on.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

if(DIALTONE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # GCC 12's -Wmaybe-uninitialized misfires on the sanitizers' instrumentation at -O2 (moves
  # of std::variant, std::function inside std::regex, strings with custom allocators). The
  # uninstrumented Debug and Release builds keep the warning as an error.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

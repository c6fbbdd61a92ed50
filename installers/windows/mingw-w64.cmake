# CMake toolchain for the Windows cross-build with Debian's mingw-w64
# (installers/windows/cross-build.sh). LW_MINGW_PREFIX is where the
# Windows builds of jansson, PCRE2 and libunistring are installed.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 ${LW_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# One self-contained .exe each: no libgcc or winpthread DLLs to ship.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
# mingw's own C99 printf family, which knows %zu (msvcrt's does not), and
# PCRE2 linked statically (its header would otherwise import from a DLL).
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1 -DPCRE2_STATIC")
# clock_gettime (the CLI's progress timer) lives in mingw's winpthread.
set(CMAKE_C_STANDARD_LIBRARIES "-lwinpthread" CACHE STRING "" FORCE)

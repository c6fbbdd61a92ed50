/*
 * exepath.h - where the running executable lives.
 *
 * The host finds its installed rule pack relative to itself, and
 * `lurewatch host-send` finds lurewatch-host next to itself, without
 * depending on the current directory or PATH (browsers launch hosts with
 * neither set to anything useful).
 */
#ifndef LW_EXEPATH_H
#define LW_EXEPATH_H

#include <stddef.h>

/**
 * Write the directory of the running executable, without a trailing
 * separator, into out. Returns 0, or -1 when it cannot be found or does
 * not fit in size bytes.
 */
int lw_exe_dir(char *out, size_t size);

/**
 * Join dir and name with a separator into out. Returns 0, or -1 when the
 * result does not fit in size bytes.
 */
int lw_path_join(char *out, size_t size, const char *dir, const char *name);

#endif /* LW_EXEPATH_H */

#ifndef CAIRN_CSPAWN_SHIM_H
#define CAIRN_CSPAWN_SHIM_H
#include <spawn.h>

// glibc (2.34 and later) declares this only under _GNU_SOURCE, which Swift's Glibc module is not
// built with; declare it again so Swift can call it.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
#endif

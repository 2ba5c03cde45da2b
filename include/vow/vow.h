/*
 * vow/vow.h - JavaScript's Promise model for C.  Include this one header.
 *
 * Naming: every public name starts with vow_; functions name their object
 * first and their verb last (vow_promise_then, vow_loop_run).
 */
#ifndef VOW_VOW_H
#define VOW_VOW_H

#include <vow/version.h>
#include <vow/error.h>
#include <vow/alloc.h>
#include <vow/value.h>
#include <vow/promise.h>
#include <vow/executor.h>
#include <vow/loop.h>
#include <vow/pool.h>
#include <vow/wait.h>
#include <vow/inline.h>
#include <vow/async.h>
#include <vow/abort.h>
#include <vow/progress.h>

#endif /* VOW_VOW_H */

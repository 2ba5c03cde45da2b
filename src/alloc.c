/* alloc.c - the single entry point for vow's heap use. */
#include <stdlib.h>

#include "core.h"

void *vow__malloc(size_t size)
{
	return malloc(size);
}

void *vow__calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void vow__free(void *p)
{
	free(p);
}

#include <vow/version.h>

const char *vow_version_string(void)
{
    return VOW_VERSION_STRING;
}

/* Installed-tree consumer: built against an installed vow (find_package and
 * pkg-config) by run_install_test.cmake; prints the library version. */
#include <vow/vow.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *v = vow_version_string();
    if (v == NULL || strcmp(v, VOW_VERSION_STRING) != 0) {
        fprintf(stderr, "header says %s, library says %s\n", VOW_VERSION_STRING,
                v ? v : "(null)");
        return 1;
    }
    printf("%s\n", v);
    return 0;
}

/* Installed-tree consumer of vow-mpi: built against an installed vow with
 * find_package(vow COMPONENTS mpi) and pkg-config vow-mpi by
 * run_install_test.cmake; prints the library version.  It does not start
 * MPI (no mpirun here): a context made before MPI_Init must fail with
 * VOW_EINVAL, which needs both libraries linked and working. */
#include <vow/mpi.h>
#include <vow/vow.h>

#include <stdio.h>

int main(void)
{
    vow_loop *loop = vow_loop_new(0);
    vow_mpi *m = vow_mpi_new(vow_loop_executor(loop), NULL);

    if (m != NULL || vow_last_error() != VOW_EINVAL) {
        fprintf(stderr, "vow_mpi_new before MPI_Init: expected VOW_EINVAL, got %s\n",
                vow_err_name(vow_last_error()));
        return 1;
    }
    vow_loop_free(loop);
    printf("%s\n", vow_version_string());
    return 0;
}

/*
 * lock.c - the thread level, and the lock that serialises vow's MPI calls
 * at MPI_THREAD_SERIALIZED (mpi_impl.h, LOCKS: rank 1, taken before the
 * context's lock).
 *
 * The level is read once, by the first vow_mpi_new (which runs after
 * MPI_Init_thread, on a thread allowed to call MPI), and cached: it cannot
 * change while MPI is initialised.  Later readers see it through the
 * acquire load that pairs with the release store below.
 */
#include "mpi_impl.h"

/*
 * A plain mutex and a per-thread depth make the lock recursive for its
 * holder (vow_mpi_lock() then vow_mpi_isend()) at the price of a
 * thread-local read: a recursive pthread mutex costs about twice as much
 * per lock, and vow takes it around every MPI_Testsome.
 */
static pthread_mutex_t mpi_lock = PTHREAD_MUTEX_INITIALIZER;
/*
 * This thread's depth of vow_mpi_lock(), read around every MPI call vow
 * makes; initial-exec, as the core's hot thread-locals: the default model
 * of a shared library calls __tls_get_addr at each read (perf: 2% of a
 * ping-pong).
 */
static _Thread_local unsigned held __attribute__((tls_model("initial-exec")));
/* 0: not read yet; otherwise the level + 1 (MPI_THREAD_SINGLE may be 0). */
static _Atomic int level_plus_one;

int vow__mpi_thread_level(void)
{
	/* Acquire: pairs with the release store below (another thread's). */
	int v = atomic_load_explicit(&level_plus_one, memory_order_acquire);
	int provided = MPI_THREAD_SINGLE;

	if (v != 0)
		return v - 1;
	/* MPI_Query_thread may be called from any thread once MPI is initialised. */
	(void)MPI_Query_thread(&provided);
	/* Release: pairs with the acquire load above; racing writers agree. */
	atomic_store_explicit(&level_plus_one, provided + 1, memory_order_release);
	return provided;
}

bool vow__mpi_enter(void)
{
	/*
	 * Relaxed: every caller runs after the vow_mpi_new that stored the
	 * level, ordered by whatever handed it the context.
	 */
	int level = atomic_load_explicit(&level_plus_one, memory_order_relaxed) - 1;

	/*
	 * Only SERIALIZED needs it: MULTIPLE serialises nothing, and below
	 * SERIALIZED every call vow makes is on the main thread (context.c
	 * refuses any other), as every call the program makes must be.
	 */
	if (level != MPI_THREAD_SERIALIZED || held > 0)
		return false;
	pthread_mutex_lock(&mpi_lock);
	return true;
}

void vow__mpi_leave(bool locked)
{
	if (locked)
		pthread_mutex_unlock(&mpi_lock);
}

void vow_mpi_lock(void)
{
	if (held++ == 0)
		pthread_mutex_lock(&mpi_lock);
}

void vow_mpi_unlock(void)
{
	if (held > 0 && --held == 0)
		pthread_mutex_unlock(&mpi_lock);
}

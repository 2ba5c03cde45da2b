/* Port of js/seed004_track_unhandled_map.js: tracking unhandled rejections in a map, forgetting those handled late, and reporting the rest from an interval. */
#include "golden.h"

/* let possiblyUnhandledRejections = new Map(): promise -> reason, in insertion order. */
struct entry {
	vow_promise *promise;
	vow_value reason;
};
static struct entry map[16];
static size_t map_len;
static vow_timer_id timer;

static void map_set(vow_promise *promise, vow_value reason)
{
	for (size_t i = 0; i < map_len; i++) {
		if (map[i].promise == promise) {
			vow_value_drop(map[i].reason);
			map[i].reason = vow_value_dup(reason);
			return;
		}
	}
	if (map_len == sizeof map / sizeof map[0])
		golden_die("map full");
	map[map_len].promise = vow_promise_dup(promise);
	map[map_len].reason = vow_value_dup(reason);
	map_len++;
}

static void map_delete(vow_promise *promise)
{
	for (size_t i = 0; i < map_len; i++) {
		if (map[i].promise == promise) {
			vow_promise_release(map[i].promise);
			vow_value_drop(map[i].reason);
			for (size_t j = i + 1; j < map_len; j++)
				map[j - 1] = map[j];
			map_len--;
			return;
		}
	}
}

static void map_clear(void)
{
	for (size_t i = 0; i < map_len; i++) {
		vow_promise_release(map[i].promise);
		vow_value_drop(map[i].reason);
	}
	map_len = 0;
}

/* function handleRejection(promise, reason) { console.log('handleRejection called'); } */
static void handle_rejection(vow_promise *promise, vow_value reason)
{
	(void)promise;
	(void)reason;
	log_text("handleRejection called");
}

/*
 * process.on("unhandledRejection", function(reason, promise) { possiblyUnhandledRejections.set(promise, reason); });
 * process.on("rejectionHandled", function(promise) { possiblyUnhandledRejections.delete(promise); });
 */
static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *promise, vow_value reason)
{
	(void)ud;
	if (ev == VOW_UNHANDLED_REJECTION)
		map_set(promise, reason);
	else
		map_delete(promise);
}

/* setInterval(function() { possiblyUnhandledRejections.forEach(...); clear(); clearInterval(timer); }, 600) */
static void interval_fn(void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < map_len; i++) {
		vow_value reason = map[i].reason;

		/* console.log(reason.message ? reason.message : reason) */
		if (vow_is_error(reason) && vow_error_message(reason)[0] != '\0')
			log_text("%s", vow_error_message(reason));
		else
			log_value(NULL, reason);
		handle_rejection(map[i].promise, reason);
	}
	map_clear();
	vow_loop_clear_timer(loop, timer);
}

static vow_promise *late;

/* () => console.log('Late handled') */
static vow_outcome late_handled(void *ctx, vow_value reason)
{
	(void)ctx;
	(void)reason;
	log_text("Late handled");
	return vow_return(vow_undefined());
}

/* () => late.catch(...) */
static void late_catch(void *ctx)
{
	(void)ctx;
	keep(vow_promise_catch(late, late_handled, NULL, NULL));
}

int main(void)
{
	golden_begin();
	on_rejections(on_rejection, NULL);

	timer = vow_loop_set_interval(loop, interval_fn, NULL, NULL, 600);
	if (timer == 0)
		golden_die("vow_loop_set_interval");

	keep(vow_promise_reject(ex, vow_error(0, "Explosion!")));
	late = keep(vow_promise_reject(ex, vow_str("Late")));
	set_timeout(late_catch, NULL, 300);
	return golden_end();
}

/* Port of js/seed001_any_first_fetch.js: Promise.any fulfills with the first fetch to succeed. */
#include <string.h>
#include "golden.h"

/* fetch(url): new Promise(resolve => setTimeout(resolve, ms, 'response:' + url)) */
static vow_promise *fetch(const char *url)
{
	uint64_t ms = strcmp(url, "https://v8.dev/") == 0 ? 300
		    : strcmp(url, "https://v8.dev/blog") == 0 ? 100
		    : 200; /* 'https://v8.dev/docs' */

	return resolve_after(ms, vow_strf("response:%s", url));
}

/* () => 'home' / 'blog' / 'docs': the name comes in ctx */
static vow_outcome name_page(void *ctx, vow_value response)
{
	(void)response;
	return vow_return(vow_str(ctx));
}

int main(void)
{
	golden_begin();

	vow_value items[] = {
		item(keep(vow_promise_then(fetch("https://v8.dev/"), name_page, NULL, "home", NULL))),
		item(keep(vow_promise_then(fetch("https://v8.dev/blog"), name_page, NULL, "blog", NULL))),
		item(keep(vow_promise_then(fetch("https://v8.dev/docs"), name_page, NULL, "docs", NULL))),
	};
	vow_promise *any = keep(vow_promise_any(ex, items, 3));
	keep(vow_promise_catch(keep(vow_promise_then(any, console_log, NULL, NULL, NULL)),
			       console_log_string, NULL, NULL));

	return golden_end();
}

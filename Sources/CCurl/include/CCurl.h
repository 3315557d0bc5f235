// Typed entry points into libcurl, which is loaded with dlopen on first use.
//
// Swift cannot call C variadic functions, and curl_easy_setopt/getinfo are variadic:
// each wrapper here takes one argument kind and forwards it through a pointer of the
// real variadic type, which is correct on every ABI (unlike casting to a fixed prototype).
#ifndef ROLESH_CCURL_H
#define ROLESH_CCURL_H

#include <stddef.h>
#include <curl/curl.h>

/// Loads libcurl once per process. Returns 0, or -1 with a reason copied into `reason`.
int rolesh_curl_load(char *reason, size_t reason_len);

CURL *rolesh_curl_easy_init(void);
void rolesh_curl_easy_cleanup(CURL *handle);
CURLcode rolesh_curl_easy_perform(CURL *handle);
const char *rolesh_curl_easy_strerror(CURLcode code);

CURLcode rolesh_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode rolesh_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode rolesh_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode rolesh_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode rolesh_curl_setopt_write_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));

/// Restricts a handle to HTTP and HTTPS, with whichever option the loaded libcurl knows
/// (CURLOPT_PROTOCOLS_STR from 7.85, the older bitmask CURLOPT_PROTOCOLS before).
CURLcode rolesh_curl_limit_protocols_to_http(CURL *handle);

CURLcode rolesh_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

struct curl_slist *rolesh_curl_slist_append(struct curl_slist *list, const char *item);
void rolesh_curl_slist_free_all(struct curl_slist *list);

#endif

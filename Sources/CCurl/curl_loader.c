// Loads libcurl at run time so that commands which never touch the network never pay
// for loading it and its dependencies (DESIGN §8).
// The bitmask CURLOPT_PROTOCOLS is deprecated from 7.85 but is all that older libcurls know.
#define CURL_DISABLE_DEPRECATION 1
#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static const char *const library_names[] = {
#if defined(__APPLE__)
    "libcurl.4.dylib", "libcurl.dylib",
#else
    "libcurl.so.4", "libcurl.so",
#endif
};

static void *find(void *library, const char *name) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && load_error[0] == '\0') {
        snprintf(load_error, sizeof load_error, "libcurl has no symbol %s", name);
    }
    return symbol;
}

static void load(void) {
    void *library = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof library_names[0] && library == NULL; i++) {
        // Lazy binding: of the thousands of functions libcurl and its ~30 libraries import,
        // one AssumeRole calls a few hundred; binding them all first is costly (Benchmarks/ANALYSIS.md, fix 11).
        library = dlopen(library_names[i], RTLD_LAZY | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcurl (%s); install libcurl4", why ? why : "not found");
        return;
    }
    curl.global_init = (CURLcode (*)(long))find(library, "curl_global_init");
    curl.easy_init = (CURL * (*)(void)) find(library, "curl_easy_init");
    curl.easy_cleanup = (void (*)(CURL *))find(library, "curl_easy_cleanup");
    curl.easy_perform = (CURLcode (*)(CURL *))find(library, "curl_easy_perform");
    curl.easy_strerror = (const char *(*)(CURLcode))find(library, "curl_easy_strerror");
    curl.easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))find(library, "curl_easy_setopt");
    curl.easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))find(library, "curl_easy_getinfo");
    curl.slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *)) find(library, "curl_slist_append");
    curl.slist_free_all = (void (*)(struct curl_slist *))find(library, "curl_slist_free_all");
    if (load_error[0] != '\0') {
        return;
    }
    // curl_global_init is not thread-safe; pthread_once makes this the only call.
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed (%d)", (int)code);
    }
}

int rolesh_curl_load(char *reason, size_t reason_len) {
    pthread_once(&load_once, load);
    if (load_error[0] != '\0') {
        if (reason != NULL && reason_len > 0) {
            snprintf(reason, reason_len, "%s", load_error);
        }
        return -1;
    }
    return 0;
}

CURL *rolesh_curl_easy_init(void) { return curl.easy_init(); }
void rolesh_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLcode rolesh_curl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *rolesh_curl_easy_strerror(CURLcode code) { return curl.easy_strerror(code); }

CURLcode rolesh_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode rolesh_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode rolesh_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode rolesh_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode rolesh_curl_setopt_write_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, function);
}

CURLcode rolesh_curl_limit_protocols_to_http(CURL *handle) {
    CURLcode code = curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_UNKNOWN_OPTION) {
        code = curl.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    }
    return code;
}

CURLcode rolesh_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl.easy_getinfo(handle, info, value);
}

struct curl_slist *rolesh_curl_slist_append(struct curl_slist *list, const char *item) {
    return curl.slist_append(list, item);
}
void rolesh_curl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }

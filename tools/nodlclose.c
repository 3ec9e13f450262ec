/* conflictmap sanitizer runs: a dlclose() that unloads nothing, preloaded by tools/sanitize.sh.
 * Libraries that load plugins (Mesa's driver under EGL, GDAL's and libpq's) close them at exit,
 * after which LeakSanitizer cannot name the code that allocated what the plugins kept: every such
 * leak reads "<unknown module>" and no suppression can match it. Kept loaded, they are named, and
 * tools/lsan.supp can say which are not ours. */
int dlclose(void* handle) {
    (void)handle;
    return 0;
}

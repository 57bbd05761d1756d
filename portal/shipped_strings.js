// Strings the scripts of Wagtail's admin ship with a Chinese translation a
// user should not read ("正在载入..."), listed only so that `make messages`
// carries them into the portal's djangojs catalogues (see
// portal/shipped_strings.py). Never served nor loaded.


// wagtail/admin
gettext("Loading…");
gettext("Saving...");

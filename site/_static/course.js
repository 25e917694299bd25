// The course website (make site). Read from files (a USB stick) a page may not fetch another
// page, so there the search lists the pages it finds without quoting a snippet of each.
if (window.location.protocol === "file:") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}

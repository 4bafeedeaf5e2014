/// Who a session belongs to, kept for a few seconds so that a page view does not re-read the
/// practitioner and their teams on every request. A deactivated account or a team change
/// takes effect within the lifetime; signing out ends the session itself at once.
typealias PractitionerCache = ExpiringCache<Int64, SignedIn>

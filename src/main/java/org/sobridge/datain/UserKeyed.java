package org.sobridge.datain;

/** A call (or a write) to one user of one app: the key of OneSignal's per-user rate limit. */
public interface UserKeyed {

    String getUserKey();
}

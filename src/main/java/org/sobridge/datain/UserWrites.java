package org.sobridge.datain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest {@link UserWrite} of each user that is not done yet (app and External ID), so that an update of a user who already has
 * a write waiting merges into it instead of queueing a call of its own. A user's writes are sent in the order they
 * were opened: each waits for the one before it.
 */
public final class UserWrites {

    /** A tag update's place: the write it joined, and whether its request carries (sends) that write. */
    public record Joined(UserWrite write, boolean carrier) {
    }

    private final ConcurrentHashMap<String, UserWrite> open = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();

    public Joined join(OneSignalRequest update, UserWrite.Share share) {
        Joined[] joined = new Joined[1];
        open.compute(update.getUserKey(), (key, latest) -> {
            if (latest != null && latest.absorb(update, share)) {
                joined[0] = new Joined(latest, false);
                return latest;
            }
            UserWrite created = new UserWrite(nextId.incrementAndGet(), update, share, latest);
            joined[0] = new Joined(created, true);
            return created;
        });
        return joined[0];
    }

    /**
     * The write is done: it is forgotten unless a newer write of the user replaced it already. (Until then it stays,
     * sealed, so that the user's next write knows to wait for it.)
     */
    public void done(UserWrite write) {
        open.remove(write.getUserKey(), write);
    }

}

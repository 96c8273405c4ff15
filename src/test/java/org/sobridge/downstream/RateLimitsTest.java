package org.sobridge.downstream;

import org.sobridge.ops.WaitTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reservations behind the routes' rate-limit delay steps, on a clock the test moves. */
class RateLimitsTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    @Test
    void aSlidingWindowLetsMaxCallsGoAtOnceAndTheNextOnePeriodAfterTheFirst() {
        SlidingWindowLimit limit = new SlidingWindowLimit(3, SECOND);
        long t0 = 5 * SECOND;
        assertEquals(0, limit.reserve(t0));
        assertEquals(0, limit.reserve(t0 + 10 * MS));
        assertEquals(0, limit.reserve(t0 + 20 * MS));
        // the 4th call within the same second waits until one second after the 1st
        assertEquals(SECOND - 30 * MS, limit.reserve(t0 + 30 * MS));
        // and the 5th until one second after the 2nd
        assertEquals(SECOND - 30 * MS, limit.reserve(t0 + 40 * MS));
    }

    @Test
    void aSharedLimitLetsItsShareGoPerPeriodAndCanBeRaisedAgain() {
        SlidingWindowLimit limit = new SlidingWindowLimit(20, SECOND);
        limit.share(0.5);
        assertEquals(10, limit.max());
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            waits.add(limit.reserve(0));
        }
        for (int i = 0; i < 30; i++) {
            assertEquals((i / 10) * SECOND, waits.get(i), "call " + i + " of " + waits);
        }
        limit.share(1);
        assertEquals(20, limit.max());
        // the last 20 starts are at 1 s and 2 s: the next call may start one period after the 20th before it
        assertEquals(2 * SECOND, limit.reserve(0));
        limit.share(0.01);
        assertEquals(1, limit.max(), "at least one call per period");
    }

    @Test
    void noWindowOfOnePeriodEverHoldsMoreThanMaxStarts() {
        SlidingWindowLimit limit = new SlidingWindowLimit(10, SECOND);
        List<Long> starts = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 200; i++) {
            now += (i % 7) * MS; // bursts and gaps
            starts.add(now + limit.reserve(now));
        }
        for (int i = 10; i < starts.size(); i++) {
            assertTrue(starts.get(i) - starts.get(i - 10) >= SECOND,
                    "call " + i + " starts " + (starts.get(i) - starts.get(i - 10)) / MS + " ms after call " + (i - 10));
        }
        // and the limit is used in full: 200 calls at 10 per second start within 19 s (plus the first ten's
        // arrival spread, 24 ms here) of the first
        assertTrue(starts.get(199) - starts.get(0) <= 19 * SECOND + 24 * MS, "took " + (starts.get(199) - starts.get(0)) / MS + " ms");
    }

    @Test
    void callsAfterAQuietPeriodDoNotWait() {
        SlidingWindowLimit limit = new SlidingWindowLimit(2, SECOND);
        limit.reserve(0);
        limit.reserve(0);
        assertEquals(SECOND, limit.reserve(0));
        assertEquals(0, limit.reserve(10 * SECOND));
        assertEquals(0, limit.reserve(10 * SECOND));
    }

    @Test
    void oneKeyGetsOneCallPerIntervalInArrivalOrderOtherKeysDoNotWait() {
        PerKeyInterval limit = new PerKeyInterval(SECOND, 0);
        assertEquals(0, limit.reserve("u1", 0));
        assertEquals(SECOND - 100 * MS, limit.reserve("u1", 100 * MS));
        assertEquals(2 * SECOND - 200 * MS, limit.reserve("u1", 200 * MS));
        assertEquals(0, limit.reserve("u2", 200 * MS));
        // once its reservations have passed, a key starts again at once
        assertEquals(0, limit.reserve("u1", 10 * SECOND));
    }

    @Test
    void keysWhoseSlotsHavePassedAreSweptOut() {
        PerKeyInterval limit = new PerKeyInterval(100 * MS, 0);
        for (int i = 0; i < 1000; i++) {
            limit.reserve("user-" + i, 0);
        }
        assertEquals(1000, limit.size());
        // the sweep runs at most once a second (the interval is shorter): a call 2 s later finds them all passed
        limit.reserve("late", 2 * SECOND);
        assertEquals(1, limit.size());
    }

    @Test
    void theDelayStepWaitsWholeMillisecondsNeverLess() {
        DefaultCamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        // the second call's slot is one second after the first's, which was reserved no earlier than 'before':
        // it waits at least 1000 ms minus the time between the two calls (however slow this machine), at most 1000
        WaitTime appWaits = new WaitTime();
        WaitForCallSlot app = WaitForCallSlot.perPeriod(1, 1000, appWaits);
        long before = System.nanoTime();
        assertEquals(0L, app.evaluate(exchange));
        assertEquals(0, appWaits.waits(), "a call that does not wait is not counted");
        long wait = (Long) app.evaluate(exchange);
        assertWaitsTheRestOfASecond(wait, before);
        assertEquals(1, appWaits.waits());
        assertEquals(wait / 1000.0, appWaits.seconds(), 0.001, "the wait is counted as exported");

        WaitForCallSlot user = WaitForCallSlot.perKey(new BodyKey<>(String.class, body -> body), 1000, new WaitTime());
        exchange.getMessage().setBody("u1");
        before = System.nanoTime();
        assertEquals(0L, user.evaluate(exchange));
        long userWait = (Long) user.evaluate(exchange);
        assertWaitsTheRestOfASecond(userWait, before);
        exchange.getMessage().setBody("u2");
        assertEquals(0L, user.evaluate(exchange), "another user does not wait");
    }

    private static void assertWaitsTheRestOfASecond(long waitMs, long firstCallNotBefore) {
        long elapsedMs = (System.nanoTime() - firstCallNotBefore) / MS;
        assertTrue(waitMs >= 1000 - elapsedMs - 1 && waitMs <= 1000,
                "waits " + waitMs + " ms, " + elapsedMs + " ms after the first call");
    }

    @Test
    void nonPositiveLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindowLimit(0, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new PerKeyInterval(0, 0));
    }
}

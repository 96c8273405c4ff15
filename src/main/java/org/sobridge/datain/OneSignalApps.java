package org.sobridge.datain;

import org.sobridge.config.SegmentSource;
import org.sobridge.mapping.PathSegment;

/** The paths of a OneSignal app in its REST API. */
final class OneSignalApps {

    private OneSignalApps() {
    }

    /**
     * {@code /apps/{app_id}}, the id percent-encoded; the stand-in of an app id that is not set (dry-run only, never
     * sent) is shown as it is: {@code /apps/<ONESIGNAL_APP_ID not set>}.
     */
    static String path(String appId) {
        return "/apps/" + (SegmentSource.isAppIdNotSet(appId) ? appId : PathSegment.encode(appId));
    }
}

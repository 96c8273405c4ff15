package org.sobridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sobridge.json.Json;

/**
 * One OneSignal Event Streams event → one Segment {@code track} call, the way OneSignal's own Segment "Data Out"
 * integration describes it. A pure function of the event and the bridge version; no I/O, never throws.
 *
 * <p>The event is the shape the README's Liquid template renders: {@code {"event": {...}, "message": {...},
 * "user": {...}}}, where every value may be a string and {@code ""} means absent. The subscription token (email
 * address, phone number, push token) is never read.
 */
public final class OneSignalToSegment {

    public static final String LIBRARY_NAME = "segment-onesignal-bridge";
    public static final String MESSAGE_ID_PREFIX = "onesignal-";
    /** Segment rejects longer messageIds. */
    public static final int MAX_MESSAGE_ID_LENGTH = 100;

    public static final String NOT_AN_OBJECT = "event is not a JSON object";
    public static final String NO_EVENT = "missing \"event\" object";
    public static final String UNKNOWN_KIND = "unknown event kind: ";
    public static final String NO_IDENTITY = "no external_id and no subscription_id";
    public static final String NOT_HASHABLE = "no event id, and the event cannot be serialised to derive one";

    private static final int HASHED_ID_HEX_CHARS = 40;
    private static final int MAX_KIND_IN_REASON = 100;
    /** Longer "datetime" values are not dates; not worth parsing. */
    private static final int MAX_DATETIME_LENGTH = 64;
    /** Numbers whose plain text would be longer than this are not field values. */
    private static final int MAX_NUMBER_SCALE = 1000;

    private static final DateTimeFormatter ISO_MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(MIN_TIME.getEpochSecond());
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX_TIME.toEpochMilli(), 3);
    private static final Pattern UNIX_SECONDS = Pattern.compile("[+-]?\\d{1,18}(\\.\\d{1,18})?");

    private final String version;

    /** @param version the bridge version, reported in {@code context.library} and {@code context.integration} */
    public OneSignalToSegment(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    public DataOutResult map(JsonNode input) {
        try {
            return mapOrDrop(input);
        } catch (RuntimeException e) {
            // Only reachable with hand-built nodes (e.g. a POJO node that fails to serialise); parsed JSON never gets here.
            return new DataOutResult.Dropped("event could not be mapped: " + e.getClass().getSimpleName());
        }
    }

    private DataOutResult mapOrDrop(JsonNode input) {
        if (input == null || !input.isObject()) {
            return new DataOutResult.Dropped(NOT_AN_OBJECT);
        }
        JsonNode event = input.get("event");
        if (event == null || !event.isObject()) {
            return new DataOutResult.Dropped(NO_EVENT);
        }
        String kind = text(event.get("kind"));
        SegmentEventNames.EventKind row = SegmentEventNames.forKind(kind).orElse(null);
        if (row == null) {
            return new DataOutResult.Dropped(UNKNOWN_KIND + (kind == null ? "(missing)" : clip(kind)));
        }
        String userId = text(event.get("external_id"));
        String anonymousId = userId == null ? text(event.get("subscription_id")) : null;
        if (userId == null && anonymousId == null) {
            return new DataOutResult.Dropped(NO_IDENTITY);
        }
        String messageId = messageId(text(event.get("id")), input);
        if (messageId == null) {
            return new DataOutResult.Dropped(NOT_HASHABLE);
        }

        ObjectNode track = Json.mapper().createObjectNode();
        track.put("type", "track");
        track.put("event", row.segmentName());
        if (userId != null) {
            track.put("userId", userId);
        } else {
            track.put("anonymousId", anonymousId);
        }
        track.put("messageId", messageId);
        putIfPresent(track, "timestamp", timestamp(event));
        track.set("properties", properties(event, input.path("message"), input.path("user"), row,
                userId, anonymousId));
        track.set("context", context());
        return new DataOutResult.Track(row.segmentName(), userId != null ? userId : anonymousId, track);
    }

    private static ObjectNode properties(JsonNode event, JsonNode message, JsonNode user,
            SegmentEventNames.EventKind row, String userId, String anonymousId) {
        MessageChannel channel = row.channel();
        String oneSignalMessageId = text(message.get("id"));
        String language = firstPresent(
                text(user.get("language")), text(event.get("language")), text(user.path("subscription").get("language")));
        ObjectNode p = Json.mapper().createObjectNode();
        putIfPresent(p, "userId", userId);
        putIfPresent(p, "anonymousId", anonymousId);
        putIfPresent(p, "messageId", oneSignalMessageId);
        putIfPresent(p, "campaign_id", oneSignalMessageId);
        putIfPresent(p, "message_name", text(message.get("name")));
        putIfPresent(p, "message_title", localized(message.get("title"), language));
        if (channel.carriesContents()) {
            putIfPresent(p, "message_contents", localized(message.get("contents"), language));
        }
        p.put("subscription_type", channel.subscriptionType());
        putIfPresent(p, "template_id", text(message.get("template_id")));
        putIfPresent(p, "subscription_id", text(event.get("subscription_id")));
        putIfPresent(p, "device_type", text(event.get("subscription_device_type")));
        putIfPresent(p, "language", language);
        String messageType = text(message.get("type"));
        p.put("message_type", messageType != null ? messageType : channel.messageType());
        return p;
    }

    private ObjectNode context() {
        ObjectNode context = Json.mapper().createObjectNode();
        context.putObject("library").put("name", LIBRARY_NAME).put("version", version);
        context.putObject("integration").put("name", LIBRARY_NAME).put("version", version);
        return context;
    }

    /**
     * "onesignal-" + event.id while that fits Segment's 100 characters, else "onesignal-" + 40 hex chars of the id's
     * SHA-256. Without an event id: the SHA-256 of the whole event's JSON, so a retried delivery keeps its id.
     * Null only when the event cannot be serialised (hand-built nodes).
     */
    static String messageId(String eventId, JsonNode input) {
        if (eventId != null) {
            String direct = MESSAGE_ID_PREFIX + eventId;
            if (direct.length() <= MAX_MESSAGE_ID_LENGTH) {
                return direct;
            }
            return MESSAGE_ID_PREFIX + sha256Hex(eventId.getBytes(StandardCharsets.UTF_8));
        }
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(input);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return MESSAGE_ID_PREFIX + sha256Hex(json);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HASHED_ID_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** event.datetime when it is ISO-8601, else event.timestamp as unix seconds; null when neither parses. */
    static String timestamp(JsonNode event) {
        Instant time = isoDateTime(text(event.get("datetime")));
        if (time == null) {
            time = unixSeconds(event.get("timestamp"));
        }
        return time == null ? null : ISO_MILLIS_UTC.format(time);
    }

    private static Instant isoDateTime(String value) {
        if (value == null || value.length() > MAX_DATETIME_LENGTH) {
            return null;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value.strip(),
                    ZonedDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof ZonedDateTime zoned
                    ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return inRange(instant);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant unixSeconds(JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        BigDecimal seconds;
        if (value.isNumber()) {
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                return null;
            }
            seconds = value.decimalValue();
            if (Math.abs((long) seconds.scale()) > MAX_NUMBER_SCALE) {
                return null;
            }
        } else if (value.isTextual()) {
            String text = value.asText().strip();
            if (!UNIX_SECONDS.matcher(text).matches()) {
                return null;
            }
            seconds = new BigDecimal(text);
        } else {
            return null;
        }
        if (seconds.compareTo(MIN_SECONDS) < 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            return null;
        }
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
        return Instant.ofEpochMilli(millis);
    }

    private static Instant inRange(Instant instant) {
        return instant.isBefore(MIN_TIME) || instant.isAfter(MAX_TIME) ? null : instant;
    }

    /**
     * A text given as a string, or as a language map such as {"en": "...", "fr": "..."} (push titles and contents):
     * the user's language when the map has a non-blank text for it, else English, else the first non-blank text. A
     * language matches a key exactly or by its primary subtag ("pt-BR" ~ "pt"), ignoring case.
     */
    static String localized(JsonNode value, String language) {
        if (value == null || !value.isObject()) {
            return text(value);
        }
        String chosen = language == null ? null : inLanguage(value, language);
        if (chosen == null) {
            chosen = inLanguage(value, "en");
        }
        for (Iterator<JsonNode> it = value.elements(); chosen == null && it.hasNext(); ) {
            chosen = text(it.next());
        }
        return chosen;
    }

    /** The non-blank text of a language map for a language: the exact key first, then one of the same language. */
    private static String inLanguage(JsonNode map, String language) {
        String wanted = language.strip();
        String primary = primarySubtag(wanted);
        String sameLanguage = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String text = text(entry.getValue());
            if (text == null) {
                continue;
            }
            if (entry.getKey().strip().equalsIgnoreCase(wanted)) {
                return text;
            }
            if (sameLanguage == null && primarySubtag(entry.getKey().strip()).equalsIgnoreCase(primary)) {
                sameLanguage = text;
            }
        }
        return sameLanguage;
    }

    private static String primarySubtag(String language) {
        int end = 0;
        while (end < language.length() && language.charAt(end) != '-' && language.charAt(end) != '_') {
            end++;
        }
        return language.substring(0, end);
    }

    /**
     * The text of a scalar: strings verbatim, numbers as exact plain decimals, booleans as "true"/"false".
     * Null for absent, null, blank, objects and arrays.
     */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return null;
        }
        String text;
        if (value.isNumber()) {
            text = numberText(value);
        } else if (value.isBoolean()) {
            text = value.booleanValue() ? "true" : "false";
        } else {
            text = value.asText();
        }
        return text == null || text.isBlank() ? null : text;
    }

    private static String numberText(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            return null;
        }
        BigDecimal decimal = value.decimalValue();
        if (Math.abs((long) decimal.scale()) > MAX_NUMBER_SCALE) {
            return null;
        }
        return decimal.toPlainString();
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String clip(String kind) {
        if (kind.length() <= MAX_KIND_IN_REASON) {
            return kind;
        }
        int end = Character.isHighSurrogate(kind.charAt(MAX_KIND_IN_REASON - 1)) ? MAX_KIND_IN_REASON - 1 : MAX_KIND_IN_REASON;
        return kind.substring(0, end) + "…";
    }
}

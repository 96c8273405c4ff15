# syntax=docker/dockerfile:1
# Build: docker build -t segment-onesignal-bridge .
# Run:   docker run -p 8080:8080 -p 9876:9876 -e ONESIGNAL_APP_ID=... -e ONESIGNAL_API_KEY=... segment-onesignal-bridge
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
RUN mvn -q -B -DskipTests package

# Runs on Java 25 for its ahead-of-time cache (JEP 483/514/515): start-up takes about half the time and CPU
# (BENCHMARKS.md, scenario 4). The jar itself is Java 17 bytecode and runs on any Java 17+.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app bridge \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /build/target/segment-onesignal-bridge.jar /app/segment-onesignal-bridge.jar
# routes/ and application.properties can be mounted over (routes hot-reload when edited)
COPY routes /app/routes
COPY application.properties /app/application.properties
# Training run for the AOT cache: one start-up in dry-run (no credentials needed), which camel-main ends after
# 5 s; the JVM writes the classes it loaded and linked, and their profiles, to /app/bridge.aot on exit.
# The cache belongs to this jar at this path: rebuild the image when the jar changes.
RUN cd /app && CAMEL_MAIN_DURATIONMAXSECONDS=5 DEAD_LETTER_DIR=/tmp/aot-train \
      java -XX:AOTCacheOutput=/app/bridge.aot -Xmx256m -XX:+UseG1GC -Xlog:aot*=error \
      --sun-misc-unsafe-memory-access=allow -jar /app/segment-onesignal-bridge.jar > /tmp/aot-train.log 2>&1 \
    || (cat /tmp/aot-train.log; exit 1); rm -rf /tmp/aot-train /tmp/aot-train.log
RUN mkdir -p /app/data && chown -R bridge /app/data
USER bridge
ENV JAVA_OPTS="-Xmx256m -XX:+UseG1GC" \
    BRIDGE_PORT=8080 \
    BRIDGE_MANAGEMENT_PORT=9876
EXPOSE 8080 9876
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${BRIDGE_MANAGEMENT_PORT}/observe/health/live" || exit 1
# -Xlog:aot*=error: the cache's own warnings are noise; add -Xlog:aot to JAVA_OPTS to see whether it was used.
ENTRYPOINT ["sh", "-c", "exec java -XX:AOTCache=/app/bridge.aot -Xlog:aot*=error --sun-misc-unsafe-memory-access=allow $JAVA_OPTS -jar /app/segment-onesignal-bridge.jar"]

# syntax=docker/dockerfile:1
# Build: docker build -t segment-onesignal-bridge .
# Run:   docker run -p 8080:8080 -p 9876:9876 -e ONESIGNAL_APP_ID=... -e ONESIGNAL_API_KEY=... segment-onesignal-bridge
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app bridge \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /build/target/segment-onesignal-bridge.jar /app/segment-onesignal-bridge.jar
# routes/ and application.properties can be mounted over (routes hot-reload when edited)
COPY routes /app/routes
COPY application.properties /app/application.properties
RUN mkdir -p /app/data && chown -R bridge /app/data
USER bridge
ENV JAVA_OPTS="-Xmx256m -XX:+UseG1GC" \
    BRIDGE_PORT=8080 \
    BRIDGE_MANAGEMENT_PORT=9876
EXPOSE 8080 9876
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${BRIDGE_MANAGEMENT_PORT}/observe/health/live" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/segment-onesignal-bridge.jar"]

# syntax=docker/dockerfile:1
# The loginetl runner. Build: docker build -t loginetl:local .
# Run:   docker run --rm loginetl:local --help

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
# Maven reads every module of the reactor, so every module's pom comes in; only the runner's modules
# are built (and their sources copied): the lab (demo, bench, embedded servers) stays out of the image.
COPY etl-core/pom.xml etl-core/
COPY etl-testkit/pom.xml etl-testkit/
COPY etl-pii/pom.xml etl-pii/
COPY etl-sqs/pom.xml etl-sqs/
COPY etl-postgres/pom.xml etl-postgres/
COPY etl-app/pom.xml etl-app/
COPY etl-lab/pom.xml etl-lab/
COPY etl-bench/pom.xml etl-bench/
COPY deploy-checks/pom.xml deploy-checks/
RUN ./mvnw -B -ntp -q -pl etl-app -am dependency:go-offline -DexcludeReactor=true || true
COPY data/ data/
COPY etl-core/src/ etl-core/src/
COPY etl-pii/src/ etl-pii/src/
COPY etl-sqs/src/ etl-sqs/src/
COPY etl-postgres/src/ etl-postgres/src/
COPY etl-app/src/ etl-app/src/
RUN ./mvnw -B -ntp -q -DskipTests -pl etl-app -am package

FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system --gid 10001 loginetl \
 && useradd --system --uid 10001 --gid loginetl --home-dir /app --shell /usr/sbin/nologin loginetl
WORKDIR /app
COPY --from=build /src/etl-app/target/loginetl.jar /app/loginetl.jar
COPY data/fetch-sample-messages.json /app/data/fetch-sample-messages.json
USER 10001:10001
EXPOSE 9404
# The container's memory limit sizes the heap; the pipeline's memory is bounded by --max-in-flight.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/loginetl.jar"]
CMD ["run"]

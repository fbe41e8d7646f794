package org.kerys;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kerys as a separate JVM, for tests that must stop it the hard way: started on a free port and a given data
 * directory, ready once {@code /actuator/health} is UP, then {@link #kill9() killed} or {@link #stop() stopped}.
 * The child's output goes to a file under {@code target/kerys-process/}.
 */
public final class KerysProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;
	private final int port;
	private final Path dataDir;
	private final Path log;

	private KerysProcess(Process process, int port, Path dataDir, Path log) {
		this.process = process;
		this.port = port;
		this.dataDir = dataDir;
		this.log = log;
	}

	/**
	 * Starts Kerys on {@code dataDir} (created if needed) and waits until it is healthy.
	 * @param name names the log file, e.g. the test's name
	 * @param extraArgs more {@code --key=value} arguments
	 */
	public static KerysProcess start(Path dataDir, String name, String... extraArgs) {
		return start(dataDir, name, Map.of(), extraArgs);
	}

	/**
	 * Starts Kerys as {@link #start(Path, String, String...)} does, with these environment variables added to the
	 * test JVM's (e.g. {@code KERYS_OIDC_PROVIDERS_TEST_ISSUER_URI}).
	 */
	public static KerysProcess start(Path dataDir, String name, Map<String, String> environment, String... extraArgs) {
		return start(freePort(), dataDir, name, environment, extraArgs);
	}

	/**
	 * Starts Kerys on this port (e.g. the one a stopped instance had, so that its public URL, the issuer of the tokens
	 * it signed, is the same).
	 */
	public static KerysProcess start(int port, Path dataDir, String name, Map<String, String> environment,
			String... extraArgs) {
		Path log = Path.of("target", "kerys-process",
				name + "-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")) + ".log")
				.toAbsolutePath();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(),
				"org.kerys.KerysApplication", "--server.port=" + port,
				"--kerys.data-dir=" + dataDir.toAbsolutePath(), "--kerys.admin-password=" + TestHttp.ADMIN_PASSWORD,
				"--kerys.admin-token=" + TestHttp.ADMIN_TOKEN,
				"--kerys.public-url=http://localhost:" + port, "--spring.main.banner-mode=off"));
		command.addAll(Arrays.asList(extraArgs));
		try {
			Files.createDirectories(log.getParent());
			Files.createDirectories(dataDir);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			// A Kerys of its own, on its own embedded database, even when this test JVM runs against an external one
			// (two instances on one database would see each other's writes without their events).
			builder.environment().remove("KERYS_DB_URL");
			builder.environment().putAll(environment);
			Process process = builder.start();
			KerysProcess kerys = new KerysProcess(process, port, dataDir.toAbsolutePath(), log);
			kerys.awaitHealthy();
			return kerys;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** What a command printed, and its exit status. */
	public record CommandResult(int status, String output) {
	}

	/**
	 * Runs {@code java … org.kerys.KerysApplication <args>} — a command such as {@code import} — on {@code dataDir}
	 * and waits for it to end (at most two minutes).
	 */
	public static CommandResult command(Path dataDir, String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(),
				"org.kerys.KerysApplication"));
		command.addAll(Arrays.asList(args));
		command.add("--kerys.data-dir=" + dataDir.toAbsolutePath());
		try {
			Files.createDirectories(dataDir);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().remove("KERYS_DB_URL"); // its own embedded database, as for start()
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("command did not end: " + output);
			}
			return new CommandResult(process.exitValue(), output);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public int port() {
		return port;
	}

	public Path dataDir() {
		return dataDir;
	}

	public Path log() {
		return log;
	}

	public long pid() {
		return process.pid();
	}

	public boolean alive() {
		return process.isAlive();
	}

	public String url(String path) {
		return "http://localhost:" + port + path;
	}

	/** SIGKILL on Linux: no shutdown hook, no graceful stop; the embedded PostgreSQL is left running. */
	public void kill9() {
		process.destroyForcibly();
		await(Duration.ofSeconds(30));
	}

	/** A graceful stop (SIGTERM): Spring shuts down, the embedded PostgreSQL with it. */
	public void stop() {
		process.destroy();
		if (!await(Duration.ofSeconds(60))) {
			kill9();
		}
	}

	/** Stops Kerys if it still runs (after {@link #kill9()}, its PostgreSQL stays: see {@link #stopLeftoverPostgres()}). */
	@Override
	public void close() {
		if (process.isAlive()) {
			stop();
		}
	}

	/** Stops the PostgreSQL that a killed Kerys left running on this data directory: tests clean up with it. */
	public void stopLeftoverPostgres() {
		leftoverPostgres().ifPresent(postgres -> {
			// SIGTERM is PostgreSQL's "smart" shutdown: with its clients gone, it stops at once.
			postgres.destroy();
			postgres.onExit().orTimeout(30, TimeUnit.SECONDS).join();
		});
	}

	/** The PostgreSQL server of this data directory that is still running, if any. */
	public Optional<ProcessHandle> leftoverPostgres() {
		Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
		try {
			if (!Files.exists(pidFile)) {
				return Optional.empty();
			}
			List<String> lines = Files.readAllLines(pidFile);
			return lines.isEmpty() ? Optional.empty()
					: ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
		}
		catch (IOException | NumberFormatException e) {
			return Optional.empty();
		}
	}

	/** The port of this data directory's running PostgreSQL (line 4 of {@code postmaster.pid}), for direct SQL. */
	public int postgresPort() {
		try {
			return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3).trim());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The last lines of the child's output, for failure messages. */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	private void awaitHealthy() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Kerys exited with status " + process.exitValue() + " while starting; "
						+ log + ":\n" + logTail(40));
			}
			if (healthy()) {
				return;
			}
			sleep(200);
		}
		kill9();
		throw new IllegalStateException("Kerys was not healthy after " + START_TIMEOUT + "; " + log + ":\n" + logTail(40));
	}

	private boolean healthy() {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
					.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private boolean await(Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The test JVM's class path without its test classes, so the child runs what a user runs. Surefire may put
	 * only a manifest jar on {@code java.class.path}; it keeps the real path in {@code surefire.test.class.path}.
	 */
	private static String classPath() {
		String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(path.split(File.pathSeparator))
				.filter(entry -> !Path.of(entry).endsWith("test-classes"))
				.collect(Collectors.joining(File.pathSeparator));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}

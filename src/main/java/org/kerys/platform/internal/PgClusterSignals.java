package org.kerys.platform.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.kerys.platform.AfterCommit;
import org.kerys.platform.ClusterSignals;
import org.kerys.platform.internal.DatabaseConfiguration.DatabaseServer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link ClusterSignals} over PostgreSQL's {@code LISTEN}/{@code NOTIFY}: {@code pg_notify} in the change's
 * transaction (PostgreSQL delivers it at commit, not at all on rollback), and one connection of its own (outside the
 * pool) listening on every channel, on a daemon thread started once Kerys is ready. This instance's listeners also run
 * right at the commit, before the change's answer leaves. When the listening connection breaks, every listener runs
 * (signals may have been missed), {@link #connected()} is false until it is back, and it is opened again every
 * second.
 */
@Component
class PgClusterSignals implements ClusterSignals, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PgClusterSignals.class);

	private final DatabaseServer server;
	private final JdbcClient jdbc;
	private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
	private final Set<String> listening = ConcurrentHashMap.newKeySet();
	private volatile boolean connected;
	private volatile boolean running = true;
	private volatile Thread thread;

	PgClusterSignals(DatabaseServer server, JdbcClient jdbc) {
		this.server = server;
		this.jdbc = jdbc;
	}

	@Override
	public void signal(String channel) {
		check(channel);
		jdbc.sql("select pg_notify(?, '')").param(channel).query((rs, i) -> 1).list();
		AfterCommit.run(() -> fire(channel));
	}

	@Override
	public void listen(String channel, Runnable action) {
		check(channel);
		listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(action);
	}

	@Override
	public boolean connected() {
		return connected && listening.containsAll(listeners.keySet());
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (thread != null) {
			return;
		}
		thread = new Thread(this::loop, "kerys-cluster-signals");
		thread.setDaemon(true);
		thread.start();
	}

	private void loop() {
		while (running) {
			try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password())) {
				PGConnection pg = connection.unwrap(PGConnection.class);
				listening.clear();
				listenToAll(connection);
				connected = true;
				fireAll(); // anything signalled while the link was down
				while (running) {
					PGNotification[] notifications = pg.getNotifications(500);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							fire(notification.getName());
						}
					}
					listenToAll(connection); // channels listened to since
				}
			}
			catch (SQLException | RuntimeException e) {
				if (running) {
					log.warn("Lost the link to the other instances' signals ({}); caches bypass until it is back",
							e.getMessage());
				}
			}
			finally {
				connected = false;
				listening.clear();
				fireAll();
			}
			sleep();
		}
	}

	private void listenToAll(Connection connection) throws SQLException {
		for (String channel : listeners.keySet()) {
			if (!listening.contains(channel)) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + channel);
				}
				listening.add(channel);
			}
		}
	}

	private void fire(String channel) {
		for (Runnable action : listeners.getOrDefault(channel, List.of())) {
			try {
				action.run();
			}
			catch (RuntimeException e) {
				log.warn("A listener of {} failed", channel, e);
			}
		}
	}

	private void fireAll() {
		listeners.keySet().forEach(this::fire);
	}

	private void sleep() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}

	private static void check(String channel) {
		if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("Not a channel name: " + channel);
		}
	}

	@Override
	public void destroy() {
		running = false;
		Thread running = thread;
		if (running != null) {
			running.interrupt();
		}
	}
}

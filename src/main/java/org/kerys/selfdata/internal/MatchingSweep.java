package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every 30 s, matches the requests a crash (or a shutdown) left SUBMITTED for more than a minute, or IN_PROGRESS for
 * longer than any matching lasts (three node timeouts, at least five minutes). Safe with several instances: each
 * request is claimed under a row lock ({@code for update skip locked}). Not in command mode.
 */
@Component
@ConditionalOnWebApplication
class MatchingSweep implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MatchingSweep.class);

	private final Matching matching;
	private final java.time.Duration interruptedAfter;
	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "selfdata-sweep");
		thread.setDaemon(true);
		return thread;
	});

	MatchingSweep(Matching matching, SelfdataSettings settings) {
		this.matching = matching;
		java.time.Duration three = settings.totalTimeout().multipliedBy(3);
		this.interruptedAfter = three.compareTo(java.time.Duration.ofMinutes(5)) > 0 ? three
				: java.time.Duration.ofMinutes(5);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		scheduler.scheduleWithFixedDelay(this::sweep, 30, 30, TimeUnit.SECONDS);
	}

	private void sweep() {
		try {
			OffsetDateTime now = OffsetDateTime.now();
			int resumed = matching.sweep(now.minusMinutes(1), now.minus(interruptedAfter));
			if (resumed > 0) {
				log.info("Resumed the matching of {} self-data requests", resumed);
			}
		}
		catch (RuntimeException e) {
			log.warn("Self-data matching sweep failed", e);
		}
	}

	@Override
	public void destroy() {
		scheduler.shutdownNow();
	}
}

package org.kerys.consent.internal;

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
 * Every minute, marks consents past their expiry as expired, with their event, receipt and ledger entry. Access does
 * not wait for it: the gateway's check compares the expiry itself, so a consent stops working at its expiry to the
 * second. Safe with several instances ({@code for update skip locked}). Not in command mode.
 */
@Component
@ConditionalOnWebApplication
class ExpirySweep implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

	private final ConsentLifecycle lifecycle;
	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "consent-expiry");
		thread.setDaemon(true);
		return thread;
	});

	ExpirySweep(ConsentLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		scheduler.scheduleWithFixedDelay(this::sweep, 20, 60, TimeUnit.SECONDS);
	}

	void sweep() {
		try {
			int expired;
			do {
				expired = lifecycle.expire(200);
				if (expired > 0) {
					log.info("{} consents expired", expired);
				}
			}
			while (expired == 200);
		}
		catch (RuntimeException e) {
			log.warn("Consent expiry sweep failed", e);
		}
	}

	@Override
	public void destroy() {
		scheduler.shutdownNow();
	}
}

package org.kerys.federation.internal.harvest;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;

import org.kerys.federation.internal.FieldChecks;
import org.kerys.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Starts the harvests of nodes and approved sources on their schedule (cron, in the server's time zone). Each due run
 * is claimed in the database with a conditional update, so that of several Kerys instances exactly one starts it.
 * A run that falls due while the previous one is still running is skipped. Runs in the web application only: a
 * command (import, reindex) harvests nothing.
 */
@Component
@ConditionalOnWebApplication
class HarvestScheduler {

	private static final Logger log = LoggerFactory.getLogger(HarvestScheduler.class);

	private final HarvestOrigins origins;
	private final HarvestStates states;
	private final Harvester harvester;

	HarvestScheduler(HarvestOrigins origins, HarvestStates states, Harvester harvester) {
		this.origins = origins;
		this.states = states;
		this.harvester = harvester;
	}

	@Scheduled(fixedDelayString = "${kerys.federation.harvest.tick:1s}",
			initialDelayString = "${kerys.federation.harvest.tick:1s}")
	void tick() {
		for (Origin origin : origins.scheduled()) {
			try {
				startIfDue(origin, ZonedDateTime.now());
			}
			catch (RuntimeException e) {
				log.warn("Scheduled harvest of {} {}: {}", origin.kind(), origin.name(), e.getMessage());
			}
		}
	}

	/** @return whether a run was started */
	boolean startIfDue(Origin origin, ZonedDateTime now) {
		CronExpression cron = CronExpression.parse(FieldChecks.cronOf(origin.schedule()));
		HarvestStates.State state = states.find(origin.id()).orElse(null);
		if (state == null || state.nextRunAt() == null || !origin.schedule().equals(state.schedule())) {
			states.plan(origin.id(), origin.schedule(), next(cron, now));
			return false;
		}
		if (state.nextRunAt().toInstant().isAfter(now.toInstant())) {
			return false;
		}
		if (!states.claim(origin.id(), origin.schedule(), state.nextRunAt(), next(cron, now))) {
			return false; // another instance took it
		}
		try {
			harvester.start(origin, false, "schedule", null, Locale.FRENCH);
			return true;
		}
		catch (ProblemException e) {
			log.info("Scheduled harvest of {} {} skipped: {}", origin.kind(), origin.name(), e.getMessage());
			return false;
		}
	}

	private static OffsetDateTime next(CronExpression cron, ZonedDateTime now) {
		ZonedDateTime next = cron.next(now);
		return next == null ? null : next.toOffsetDateTime();
	}
}

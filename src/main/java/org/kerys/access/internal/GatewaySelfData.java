package org.kerys.access.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.AccountReferences;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.PersonalData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A self-data media through the gateway: its GDATA or TPBC service answers the data subject only — the person whose
 * request the producer matched — with their own data, read through the selfdata module (which records the read on
 * the citizen's "who accessed my data" list and in the ledger). Anyone else: 403; files of a self-data dataset: 403.
 */
@Component
class GatewaySelfData {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final PersonalData personalData;
	private final AccessPolicy policy;
	private final AccountReferences accounts;

	GatewaySelfData(PersonalData personalData, AccessPolicy policy, AccountReferences accounts) {
		this.personalData = personalData;
		this.policy = policy;
		this.accounts = accounts;
	}

	void serve(UUID datasetId, GatewayCache.Media media, String suffix, HttpServletRequest request,
			HttpServletResponse response, Authentication caller) throws IOException {
		boolean gdata = "generic-data".equals(media.contract()) || "gdata".equals(media.contract());
		boolean tpbc = "temporal-bar-chart".equals(media.contract()) || "tpbc".equals(media.contract());
		if (!"SERVICE".equals(media.type()) || !(gdata || tpbc)) {
			throw refused();
		}
		if (!suffix.isEmpty()) {
			throw ProblemException.notFound("KRS-404-MEDIA-PATH", "A self-data media has no path below it.");
		}
		if (!"GET".equals(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "GET");
			throw new ProblemException(HttpStatus.METHOD_NOT_ALLOWED, "KRS-405-GATEWAY-METHOD",
					"A self-data media is read with GET.");
		}
		if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"Kerys\"");
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "KRS-401",
					"Personal data: call with your own personal token.");
		}
		if (!policy.isAccount(caller)) {
			throw refused();
		}
		UUID subject = accounts.idOf(caller.getName())
				.flatMap(account -> personalData.subjectOf(account, datasetId))
				.orElseThrow(GatewaySelfData::refused);
		PersonalData.Reader reader = PersonalData.Reader.citizen(caller.getName());
		JsonNode data = gdata ? personalData.gdata(subject, reader)
				: personalData.tpbc(subject, date(request, "min-date"), date(request, "max-date"), reader);
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
		json.writeValue(response.getOutputStream(), data);
	}

	private static ProblemException refused() {
		return new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-SELFDATA",
				"Personal data is served to the person it is about only, through their own request.");
	}

	private static LocalDate date(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATES", name + ": a date YYYY-MM-DD.");
		}
	}
}

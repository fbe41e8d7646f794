package org.kerys.selfdata.internal;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.kerys.selfdata.PersonalData;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** {@link PersonalData} over the citizens' links ({@link Requests}) and {@link SelfdataData}. */
@Service
class PersonalDataService implements PersonalData {

	private final Requests requests;
	private final SelfdataData data;

	PersonalDataService(Requests requests, SelfdataData data) {
		this.requests = requests;
		this.data = data;
	}

	@Override
	public Optional<UUID> subjectOf(UUID accountId, UUID datasetId) {
		return requests.linkOf(accountId, datasetId).filter(r -> !"OUT".equals(r.mode())).map(SelfdataRequest::id);
	}

	@Override
	public Optional<Subject> subject(UUID subjectId) {
		return live(subjectId).map(r -> new Subject(r.id(), r.accountId(), r.datasetId()));
	}

	@Override
	public JsonNode gdata(UUID subjectId, Reader reader) {
		return data.gdata(require(subjectId), kind(reader), reader.name());
	}

	@Override
	public JsonNode tpbc(UUID subjectId, LocalDate min, LocalDate max, Reader reader) {
		return data.tpbc(require(subjectId), min, max, kind(reader), reader.name());
	}

	private Optional<SelfdataRequest> live(UUID subjectId) {
		return requests.find(subjectId).filter(SelfdataRequest::linked).filter(r -> !"OUT".equals(r.mode()));
	}

	private SelfdataRequest require(UUID subjectId) {
		return live(subjectId).orElseThrow(() -> org.kerys.platform.ProblemException.notFound("KRS-404-SELFDATA-LINK",
				"No live self-data link " + subjectId + "."));
	}

	private static String kind(Reader reader) {
		return Accesses.SERVICE.equals(reader.kind()) ? Accesses.SERVICE : Accesses.CITIZEN;
	}
}

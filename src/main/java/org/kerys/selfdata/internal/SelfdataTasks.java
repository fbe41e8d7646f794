package org.kerys.selfdata.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.Attachments.Attachment;
import org.kerys.selfdata.internal.Attachments.AttachmentInfo;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The producer's side: an organisation's members list its self-data tasks and treat them. Matching values and
 * files are shown ONLY on one open OUT or MODERATION task (the members must find the person, or check a proof), and
 * each such view is recorded as an access the citizen sees; lists, requests and every other endpoint never show them.
 */
@Service
class SelfdataTasks {

	static final Map<String, Set<String>> OUTCOMES = Map.of(Tasks.OUT, Set.of("FOUND", "NOT_FOUND"),
			Tasks.MODERATION, Set.of("APPROVED", "REJECTED"), Tasks.ERASURE, Set.of("DONE", "REFUSED"),
			Tasks.RECTIFICATION, Set.of("DONE", "REFUSED"));

	private final Tasks tasks;
	private final Requests requests;
	private final Attachments attachments;
	private final Transitions transitions;
	private final Accesses accesses;
	private final SelfdataRules rules;
	private final SelfdataRequests selfdataRequests;

	SelfdataTasks(Tasks tasks, Requests requests, Attachments attachments, Transitions transitions, Accesses accesses,
			SelfdataRules rules, SelfdataRequests selfdataRequests) {
		this.tasks = tasks;
		this.requests = requests;
		this.attachments = attachments;
		this.transitions = transitions;
		this.accesses = accesses;
		this.rules = rules;
		this.selfdataRequests = selfdataRequests;
	}

	/**
	 * One task as its producer's member sees it: {@code matching} and {@code attachments} only while an OUT or
	 * MODERATION task is open; {@code message} is the citizen's (erasure, rectification).
	 */
	record TaskView(@JsonUnwrapped Tasks.Task task, Map<String, String> matching, List<AttachmentInfo> attachments,
			String message, @JsonProperty("request_status") String requestStatus) {
	}

	List<Tasks.Task> list(UUID organizationId, String status, int limit, int offset, Authentication caller) {
		rules.checkTreats(caller, organizationId);
		if (status != null && !List.of(Tasks.OPEN, Tasks.TREATED, Tasks.CANCELLED).contains(status)) {
			throw ProblemException.badRequest("ERR-302", "status: OPEN, TREATED or CANCELLED.");
		}
		return tasks.ofOrganization(organizationId, status, Math.max(1, Math.min(limit, 200)), Math.max(0, offset));
	}

	private Tasks.Task task(UUID id, Authentication caller, boolean lock) {
		Tasks.Task task = (lock ? tasks.lock(id) : tasks.find(id)).orElseThrow(
				() -> ProblemException.notFound("KRS-404-SELFDATA-TASK", "No such self-data task."));
		rules.checkTreats(caller, task.organizationId());
		return task;
	}

	private static boolean showsValues(Tasks.Task task) {
		return Tasks.OPEN.equals(task.status()) && (Tasks.OUT.equals(task.kind()) || Tasks.MODERATION.equals(task.kind()));
	}

	/** One task; its values when needed to treat it (recorded as an access of the producer's member). */
	@Transactional
	TaskView get(UUID id, Authentication caller) {
		Tasks.Task task = task(id, caller, false);
		SelfdataRequest request = requests.find(task.requestId()).orElseThrow();
		Map<String, String> values = null;
		List<AttachmentInfo> files = List.of();
		if (showsValues(task)) {
			values = selfdataRequests.values(request.id());
			files = attachments.of(request.id());
			accesses.record(request.accountId(), request.id(), request.datasetId(), Accesses.PRODUCER,
					caller.getName(), "MATCHING_VALUES");
		}
		String message = Tasks.OPEN.equals(task.status()) ? tasks.message(id).orElse(null) : null;
		return new TaskView(task, values, files, message, request.status());
	}

	/** One file of an open OUT or MODERATION task (recorded). */
	@Transactional
	Attachment attachment(UUID taskId, UUID attachmentId, Authentication caller) {
		Tasks.Task task = task(taskId, caller, false);
		if (!showsValues(task)) {
			throw ProblemException.notFound("KRS-404-SELFDATA-ATTACHMENT", "No such file on an open task.");
		}
		SelfdataRequest request = requests.find(task.requestId()).orElseThrow();
		Attachment file = attachments.open(request.id(), attachmentId).orElseThrow(
				() -> ProblemException.notFound("KRS-404-SELFDATA-ATTACHMENT", "No such file on an open task."));
		accesses.record(request.accountId(), request.id(), request.datasetId(), Accesses.PRODUCER, caller.getName(),
				"ATTACHMENT");
		return file;
	}

	/**
	 * Treats a task. OUT: FOUND / NOT_FOUND completes the request (the data is handed over outside Kerys).
	 * MODERATION: APPROVED goes on (OUT task, or matching), REJECTED rejects the request (message required).
	 * ERASURE / RECTIFICATION: DONE / REFUSED (message required when refused), told to the citizen in the history.
	 */
	@Transactional
	TaskView treat(UUID id, String outcome, String message, Authentication caller) {
		Tasks.Task task = task(id, caller, true);
		if (!Tasks.OPEN.equals(task.status())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-TASK-STATE",
					"This task is no longer open (" + task.status() + ").");
		}
		if (outcome == null || !OUTCOMES.get(task.kind()).contains(outcome)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-302", "outcome: one of "
					+ OUTCOMES.get(task.kind()) + " for a " + task.kind() + " task.",
					List.of(new ProblemException.FieldError("ERR-302", "outcome", "Not an outcome of this task.")));
		}
		String text = SelfdataRequests.message(message);
		if (text == null && ("REJECTED".equals(outcome) || "REFUSED".equals(outcome))) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-202", "message: say why to the citizen.",
					List.of(new ProblemException.FieldError("ERR-202", "message", "Required.")));
		}
		SelfdataRequest request = requests.lock(task.requestId()).orElseThrow();
		tasks.treat(id, outcome, text, caller.getName());
		switch (task.kind()) {
			case Tasks.OUT -> {
				requests.status(request.id(), Requests.COMPLETED, "FOUND".equals(outcome));
				selfdataRequests.close(request.id());
				transitions.record(request.id(), Requests.COMPLETED, caller.getName(), text);
			}
			case Tasks.MODERATION -> {
				if ("REJECTED".equals(outcome)) {
					requests.status(request.id(), Requests.REJECTED, null);
					selfdataRequests.close(request.id());
					transitions.record(request.id(), Requests.REJECTED, caller.getName(), text);
				}
				else {
					attachments.deleteOf(request.id()); // checked: the files are not needed any more
					requests.status(request.id(), Requests.SUBMITTED, null);
					transitions.record(request.id(), "APPROVED", caller.getName(), text);
					selfdataRequests.next(selfdataRequests.dataset(request.datasetId()), request.id(), request.mode());
				}
			}
			default -> transitions.record(request.id(), task.kind() + "_" + outcome, caller.getName(), text);
		}
		return new TaskView(tasks.find(id).orElseThrow(), null, List.of(), null,
				requests.find(request.id()).map(SelfdataRequest::status).orElse(null));
	}
}

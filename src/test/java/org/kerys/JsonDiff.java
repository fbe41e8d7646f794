package org.kerys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** The paths (as the validator writes them: {@code a.b[0].c}) at which two JSON values differ. */
public final class JsonDiff {

	private JsonDiff() {
	}

	public static List<String> paths(JsonNode left, JsonNode right) {
		List<String> out = new ArrayList<>();
		diff("", left, right, out);
		return out;
	}

	private static void diff(String path, JsonNode left, JsonNode right, List<String> out) {
		if (left == null || right == null || left.isMissingNode() || right.isMissingNode()) {
			if (!(isAbsent(left) && isAbsent(right))) {
				out.add(path);
			}
			return;
		}
		if (left.isObject() && right.isObject()) {
			Set<String> names = new HashSet<>(left.propertyNames());
			names.addAll(right.propertyNames());
			for (String name : names) {
				diff(path.isEmpty() ? name : path + "." + name, left.get(name), right.get(name), out);
			}
		}
		else if (left.isArray() && right.isArray() && left.size() == right.size()) {
			for (int i = 0; i < left.size(); i++) {
				diff(path + "[" + i + "]", left.get(i), right.get(i), out);
			}
		}
		else if (!left.equals(right)) {
			out.add(path);
		}
	}

	private static boolean isAbsent(JsonNode node) {
		return node == null || node.isMissingNode();
	}
}

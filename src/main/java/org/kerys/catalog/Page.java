package org.kerys.catalog;

import java.util.List;

/** A slice of a longer list: {@code total} items in all, {@code items} from {@code offset}. */
public record Page<T>(long total, int offset, int limit, List<T> items) {

	public boolean hasNext() {
		return offset + items.size() < total;
	}

	public boolean hasPrevious() {
		return offset > 0;
	}
}

package org.kerys.selfdata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/**
 * For the self-data pages' browser test: a self-data dataset of a new producer whose records are in the built-in
 * store (the CSV of {@link PersonalStoreTests}: card 12345, Dupont, 1980-03-05 has three months of consumption).
 */
public final class StorePagesTestSupport {

	private StorePagesTestSupport() {
	}

	/** The dataset's id, its records uploaded by an editor of its producer. */
	public static UUID storeDataset(int port) {
		StoreFixtures make = new StoreFixtures(port);
		UUID producer = make.organization("Énergie");
		StoreFixtures.Person editor = make.person("editeur");
		make.member(producer, editor, "editor");
		UUID dataset = make.selfData(producer, PersonalStoreTests.LONG_AGO);
		assertThat(StoreFixtures.upload(editor.api(port), dataset, StoreFixtures.MAPPING, "releves.csv",
				PersonalStoreTests.CSV).status()).isEqualTo(200);
		return dataset;
	}
}

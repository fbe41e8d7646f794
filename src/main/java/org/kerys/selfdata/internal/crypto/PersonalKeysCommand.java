package org.kerys.selfdata.internal.crypto;

import java.util.List;

import org.kerys.platform.Commands.KerysCommand;
import org.kerys.platform.KeyFiles;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar kerys.jar personal-keys rotate|reseal}: the AES key of citizens' personal data.
 * {@code rotate} (generated key) makes a new key file, keeps the old one as {@code keys/selfdata.previous.key}
 * and seals again every sealed value (every {@link Resealer}) under the new key; {@code reseal} (key from
 * configuration: new key in {@code kerys.selfdata.key}, old one in {@code kerys.selfdata.previous-key}) seals again
 * everything still under another key. Both can be run again after a crash, and beside a running Kerys.
 */
@Component
class PersonalKeysCommand implements KerysCommand {

	private final PersonalKeys keys;
	private final List<Resealer> resealers;

	PersonalKeysCommand(PersonalKeys keys, List<Resealer> resealers) {
		this.keys = keys;
		this.resealers = resealers;
	}

	@Override
	public String name() {
		return "personal-keys";
	}

	@Override
	public String usage() {
		return "personal-keys rotate|reseal — rotate the key of citizens' personal data, or seal everything under it";
	}

	@Override
	public int run(List<String> args) {
		String action = args.isEmpty() ? "" : args.get(0);
		switch (action) {
			case "rotate" -> {
				KeyFiles files = keys.files();
				if (files.configured()) {
					System.err.println("The key comes from configuration (kerys.selfdata.key): put the new one there, "
							+ "the old one in kerys.selfdata.previous-key, and run 'personal-keys reseal'.");
					return 2;
				}
				// what an interrupted rotation left under the previous key goes under the current one first, so
				// that the previous key file can be replaced
				reseal();
				KeyFiles.Key next = files.rotateFile();
				keys.refresh();
				System.out.println("New personal data key " + next.id() + " in " + PersonalKeys.FILE);
				reseal();
				return 0;
			}
			case "reseal" -> {
				reseal();
				return 0;
			}
			default -> {
				System.err.println("Usage: " + usage());
				return 2;
			}
		}
	}

	private void reseal() {
		String current = keys.currentKeyId();
		for (Resealer resealer : resealers) {
			long start = System.nanoTime();
			int done = resealer.resealAll();
			System.out.printf("%s: %d values sealed again under key %s in %.1f s%n", resealer.what(), done, current,
					(System.nanoTime() - start) / 1e9);
		}
		String previous = keys.files().previousFileId();
		if (previous != null && !previous.equals(current)
				&& resealers.stream().allMatch(r -> r.countUnder(previous) == 0)) {
			System.out.println("Nothing is sealed under the previous key " + previous + " any more: "
					+ PersonalKeys.PREVIOUS_FILE + " is kept until the next rotation, for a Kerys still running with it.");
		}
	}
}

package org.kerys.storage.internal;

import java.util.List;

import org.kerys.platform.Commands.KerysCommand;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar kerys.jar media-keys rotate-master|rewrap}: the master key that wraps the media private keys.
 * {@code rotate-master} (generated master key) makes a new master key file, keeps the old one as
 * {@code keys/media-master.previous.key} and rewraps every private key under the new one; {@code rewrap} (master key
 * from configuration) rewraps every private key still under {@code kerys.storage.previous-master-key} under the
 * current {@code kerys.storage.master-key}. Both can be run again after a crash, and beside a running Kerys.
 */
@Component
class MediaKeysCommand implements KerysCommand {

	private final MasterKeys masters;
	private final MediaKeys keys;

	MediaKeysCommand(MasterKeys masters, MediaKeys keys) {
		this.masters = masters;
		this.keys = keys;
	}

	@Override
	public String name() {
		return "media-keys";
	}

	@Override
	public String usage() {
		return "media-keys rotate-master|rewrap — rotate the master key of media private keys, or rewrap them under it";
	}

	@Override
	public int run(List<String> args) {
		String action = args.isEmpty() ? "" : args.get(0);
		switch (action) {
			case "rotate-master" -> {
				if (masters.configured()) {
					System.err.println("The master key comes from configuration (kerys.storage.master-key): put the new "
							+ "one there, the old one in kerys.storage.previous-master-key, and run 'media-keys rewrap'.");
					return 2;
				}
				// Whatever an interrupted rotation left under the previous key goes under the current one first,
				// so that the previous key file can be replaced.
				rewrap();
				MasterKeys.MasterKey next = masters.rotateFile();
				System.out.println("New master key " + next.id() + " in " + MasterKeys.FILE);
				rewrap();
				return 0;
			}
			case "rewrap" -> {
				rewrap();
				return 0;
			}
			default -> {
				System.err.println("Usage: " + usage());
				return 2;
			}
		}
	}

	private void rewrap() {
		long start = System.nanoTime();
		int done = keys.rewrapAll(n -> {
			if (n % 100 == 0) {
				System.out.printf("  %d private keys rewrapped%n", n);
			}
		});
		String current = masters.current().id();
		System.out.printf("%d private keys rewrapped under master key %s in %.1f s%n", done, current,
				(System.nanoTime() - start) / 1e9);
		String previous = masters.previousFileId();
		if (previous != null && !previous.equals(current) && keys.countUnder(previous) == 0) {
			System.out.println("No key is wrapped under the previous master key " + previous + " any more: "
					+ MasterKeys.PREVIOUS_FILE + " is kept until the next rotation, for a Kerys still running with it.");
		}
	}
}

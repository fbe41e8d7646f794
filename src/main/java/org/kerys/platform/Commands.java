package org.kerys.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@code java -jar kerys.jar <command> [args]}: starts Kerys without its web server, runs the
 * {@link KerysCommand} of that name and exits with its status. Without a command, starts the portal.
 */
public final class Commands {

	private Commands() {
	}

	/** True when the arguments name a command rather than options for the portal. */
	public static boolean isCommand(String[] args) {
		return args.length > 0 && !args[0].startsWith("-");
	}

	public static int run(Class<?> application, String[] args) {
		String name = args[0];
		List<String> commandArgs = Arrays.asList(args).subList(1, args.length);
		SpringApplication app = new SpringApplication(application);
		app.setWebApplicationType(WebApplicationType.NONE);
		app.setDefaultProperties(Map.of("kerys.command", name, "spring.main.banner-mode", "off"));
		String[] springArgs = commandArgs.stream().filter(a -> a.startsWith("--")).toArray(String[]::new);
		List<String> plainArgs = commandArgs.stream().filter(a -> !a.startsWith("--")).toList();
		try (ConfigurableApplicationContext context = app.run(springArgs)) {
			KerysCommand command = context.getBeansOfType(KerysCommand.class).values().stream()
					.filter(c -> c.name().equals(name)).findFirst().orElse(null);
			if (command == null) {
				System.err.println("Unknown command '" + name + "'. Commands: "
						+ context.getBeansOfType(KerysCommand.class).values().stream()
								.map(c -> c.name() + " — " + c.usage()).toList());
				return 2;
			}
			return command.run(plainArgs);
		}
	}

	/** A command of {@code java -jar kerys.jar}. */
	public interface KerysCommand {

		String name();

		String usage();

		/** @return the process exit status */
		int run(List<String> args);
	}
}

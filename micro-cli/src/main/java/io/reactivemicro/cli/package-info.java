/**
 * The {@code micro} command: {@link io.reactivemicro.cli.Main} and its picocli subcommands. Everything but {@code
 * Main} is package-private; a new command is one class listed in {@link io.reactivemicro.cli.MicroCommand}.
 */
@NullMarked
package io.reactivemicro.cli;

import org.jspecify.annotations.NullMarked;

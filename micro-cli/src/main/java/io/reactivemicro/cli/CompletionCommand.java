package io.reactivemicro.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code micro completion}: a bash/zsh completion script for every command and option (picocli's AutoComplete). */
@Command(
        name = "completion",
        description = {
            "Prints a bash/zsh completion script: source <(./micro completion)",
        })
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .print(AutoComplete.bash("micro", spec.commandLine().getParent()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

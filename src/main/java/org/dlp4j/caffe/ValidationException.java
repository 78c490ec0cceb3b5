package org.dlp4j.caffe;

import java.util.List;
import java.util.stream.Collectors;

/** Java-side validation found problems that would make Caffe abort; each names file, layer and fix. */
public class ValidationException extends CaffeException {
    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}

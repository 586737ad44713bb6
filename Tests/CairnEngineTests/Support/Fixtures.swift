import CairnCore
import CairnEngine

/// The example workflow most tests start from. Line numbers matter: tests cite them.
let countWorkflow = """
    workflow: count_characters
    project: examples
    domain: development
    inputs:
      s1: string
      s2: {type: string, default: "abc"}
    outputs:
      count: {type: int, from: $loop.count}
      first: {type: int, from: "$indices.positions[0]"}
    tasks:
      char_index:
        inputs: {c: string, s: string}
        outputs: {index: int}
        command: [python3, tasks/char_index.py]
        cache: {version: "2", serialize: true, ignore_inputs: [s], ttl: 24h}
        retries: 2
        timeout: 1m30s
        resources: {memory: 512MiB, cpu: 10s}
        environment: {MODE: fast, LEVEL: 3}
        task_config: {threshold: 0.5, tags: [a, b]}
        override: char_index
      count_loop:
        kind: dynamic
        inputs: {s1: string, s2: string, n: {type: int, default: 1}}
        outputs: {count: int}
        command: [python3, tasks/count_loop.py]
        cache: true
      positions:
        inputs: {s: string}
        outputs: {positions: list<int>, info: "struct{length: int, name: string}"}
        command: [tasks/positions.sh]
    nodes:
      - id: loop
        task: count_loop
        inputs: {s1: $inputs.s1, s2: $indices.info.name, n: 3}
        override: loop-override
      - id: indices
        task: positions
        inputs: {s: $inputs.s2}
      - id: first_char
        task: char_index
        inputs: {c: "$$", s: $inputs.s1}
    """

/// A small workflow whose nodes the test supplies; the first node line is line 12.
func smallWorkflow(nodes: String, outputs: String = "") -> String {
    """
    workflow: w
    project: p
    domain: d
    inputs: {text: string, items: list<int>, table: map<int>}
    tasks:
      echo:
        inputs: {s: string, n: {type: int, default: 1}}
        outputs: {out: string, count: int, parts: list<string>}
        command: [echo]
    \(outputs)
    nodes:
    \(nodes)
    """
}

/// The descriptions of the errors compiling `yaml` throws; empty when it compiles.
func compileErrors(_ yaml: String, file: String = "w.yaml") -> [String] {
    do {
        _ = try WorkflowCompiler.compile(yaml: yaml, file: file)
        return []
    } catch let errors as CompileErrors {
        return errors.errors.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

/// The errors compiling `yaml` throws, as values.
func compileErrorValues(_ yaml: String, file: String = "w.yaml") -> [CompileError] {
    do {
        _ = try WorkflowCompiler.compile(yaml: yaml, file: file)
        return []
    } catch let errors as CompileErrors {
        return errors.errors
    } catch {
        return []
    }
}

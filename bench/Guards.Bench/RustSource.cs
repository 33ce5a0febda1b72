using System.Text;

namespace UltraCloud.Guards.Bench;

/// <summary>What kind of Rust file to write.</summary>
public enum RustRole
{
    /// <summary>A server module with gRPC handlers (crates/&lt;c&gt;-server/src/service/...).</summary>
    ServerService,
    /// <summary>Any other library module (server internals, api, client, types crates).</summary>
    Library,
    /// <summary>An integration test file (tests/...).</summary>
    Test,
}

/// <summary>How often markers and stubs are planted, per opportunity (a function body, a comment).</summary>
public sealed record PlantRates
{
    public double StubMacro { get; init; } = 0.004;
    public double StubStatus { get; init; } = 0.006;
    public double StatusConstant { get; init; } = 0.002;
    public double Marker { get; init; } = 0.006;
    public double Decoy { get; init; } = 0.01;
    public double TestModule { get; init; } = 0.3;
}

/// <summary>Counts of what a generated file holds, split by whether it sits in test code.</summary>
public sealed class Planted
{
    public int StubMacros;
    public int StubStatuses;
    public int Markers;
    public int TestStubs;
    public int Decoys;

    public void Add(Planted other)
    {
        StubMacros += other.StubMacros;
        StubStatuses += other.StubStatuses;
        Markers += other.Markers;
        TestStubs += other.TestStubs;
        Decoys += other.Decoys;
    }
}

/// <summary>
/// Writes syntactically valid, plausible Rust (structs, error enums, impls, async gRPC handlers,
/// test modules) of about a given length. Stubs and markers are planted at low rates; decoys
/// (a stub named in a comment or a string, a match on an incoming Code::Unimplemented) test
/// that a tool does not report them.
/// </summary>
internal sealed class RustSource
{
    private readonly StringBuilder _sb = new();
    private readonly Rng _rng;
    private readonly PlantRates _rates;
    private readonly string _component;
    private int _lines;
    private int _indent;
    private bool _inTest;
    private int _counter;

    public Planted Planted { get; } = new();

    private RustSource(Rng rng, PlantRates rates, string component)
    {
        _rng = rng;
        _rates = rates;
        _component = component;
    }

    public static (string Text, Planted Planted) Write(Rng rng, PlantRates rates, string component, RustRole role, int targetLines)
    {
        var w = new RustSource(rng, rates, component);
        w.File(role, targetLines);
        return (w._sb.ToString(), w.Planted);
    }

    private void L(string line = "")
    {
        if (line.Length > 0) _sb.Append(' ', _indent * 4);
        _sb.Append(line).Append('\n');
        _lines++;
    }

    private void Open(string line) { L(line); _indent++; }
    private void Close(string line = "}") { _indent--; L(line); }

    private string Noun() => _rng.Pick(Words.Nouns);
    private string Verb() => _rng.Pick(Words.Verbs);
    private string Adj() => _rng.Pick(Words.Adjectives);
    private string Unique(string stem) => $"{stem}{++_counter}";

    private void File(RustRole role, int target)
    {
        _inTest = role == RustRole.Test;
        L($"//! {Words.Sentence(_rng)}");
        L($"//! {Words.Sentence(_rng)}");
        L();
        L("use std::collections::{BTreeMap, HashMap};");
        L("use std::sync::Arc;");
        L("use std::time::Duration;");
        if (role == RustRole.ServerService)
        {
            L("use tokio::sync::RwLock;");
            L("use tonic::{Code, Request, Response, Status};");
            L("use tracing::{debug, info, warn};");
        }
        else L("use tracing::debug;");
        L();

        var testModule = role != RustRole.Test && _rng.Chance(_rates.TestModule);
        var budget = testModule ? target * 4 / 5 : target;
        while (_lines < budget)
        {
            switch (role)
            {
                case RustRole.ServerService:
                    switch (_rng.Next(6))
                    {
                        case 0: Struct(); break;
                        case 1: ErrorEnum(); break;
                        case 2: case 3: Service(); break;
                        default: Impl(); break;
                    }
                    break;
                case RustRole.Test:
                    TestFunction(_rng.Chance(0.5));
                    break;
                default:
                    switch (_rng.Next(7))
                    {
                        case 0: Struct(); break;
                        case 1: ErrorEnum(); break;
                        case 2: Trait(); break;
                        case 3: Constants(); break;
                        default: Impl(); break;
                    }
                    break;
            }
            L();
        }
        if (testModule) TestModule(target);
    }

    private void Comment()
    {
        if (_rng.Chance(_rates.Marker))
        {
            var marker = _rng.Next(4) switch
            {
                0 => $"// TODO: {Verb()} the {Noun()} before the {Adj()} one is released",
                1 => $"// FIXME: the {Noun()} is {Adj()} after a restart",
                2 => $"// Retries are best-effort until the {Noun()} is {Adj()}.",
                _ => $"/* fixme: {Verb()} {Noun()} in one pass */",
            };
            L(marker);
            if (_inTest) Planted.TestStubs++; else Planted.Markers++;
            return;
        }
        if (_rng.Chance(_rates.Decoy))
        {
            L(_rng.Next(3) switch
            {
                0 => $"// Never `todo!()` here: an unknown {Noun()} is a typed error.",
                1 => "// The old handler answered Status::unimplemented; it is implemented now.",
                _ => $"// todos for the {Noun()} live in the tracker, not in the code",
            });
            Planted.Decoys++;
            return;
        }
        L($"// {Words.Sentence(_rng)}");
    }

    private void Struct()
    {
        var name = Words.Pascal(Adj()) + Words.Pascal(Noun()) + _counter++;
        L($"/// {Words.Sentence(_rng)}");
        L("#[derive(Debug, Clone, PartialEq)]");
        Open($"pub struct {name} {{");
        var fields = _rng.Next(3, 9);
        for (var i = 0; i < fields; i++)
        {
            if (_rng.Chance(0.4)) L($"/// {Words.Sentence(_rng)}");
            L($"pub {Words.Snake(Adj())}_{Words.Snake(Noun())}_{i}: {_rng.Pick(Words.Types)},");
        }
        Close();
    }

    private void ErrorEnum()
    {
        var name = Words.Pascal(Noun()) + "Error" + _counter++;
        L("#[derive(Debug, thiserror::Error)]");
        Open($"pub enum {name} {{");
        var variants = _rng.Next(3, 7);
        for (var i = 0; i < variants; i++)
        {
            var noun = Noun();
            L($"#[error(\"{Adj()} {noun}: {{0}}\")]");
            L($"{Words.Pascal(Adj())}{Words.Pascal(noun)}{i}(String),");
        }
        Close();
    }

    private void Trait()
    {
        var name = Words.Pascal(Noun()) + Words.Pascal(Verb()) + "er" + _counter++;
        L($"/// {Words.Sentence(_rng)}");
        Open($"pub trait {name}: Send + Sync {{");
        var methods = _rng.Next(2, 5);
        for (var i = 0; i < methods; i++)
        {
            L($"fn {Verb()}_{Words.Snake(Noun())}(&self, id: u64) -> Result<Option<String>, String>;");
        }
        Open($"fn describe(&self) -> &'static str {{");
        L($"\"{Noun()} {Verb()}er\"");
        Close();
        Close();
    }

    private void Constants()
    {
        var count = _rng.Next(2, 6);
        for (var i = 0; i < count; i++)
        {
            L($"/// {Words.Sentence(_rng)}");
            L($"pub const {Words.Snake(Adj()).ToUpperInvariant()}_{Words.Snake(Noun()).ToUpperInvariant()}_{_counter++}: u64 = {_rng.Next(1, 100000)};");
        }
        L($"static DEFAULT_{Words.Snake(Noun()).ToUpperInvariant()}_NAMES: &[&str] = &[\"{Noun()}\", \"{Noun()}\", \"{Noun()}\"];");
    }

    private void Impl()
    {
        var name = Words.Pascal(Noun()) + "Store" + _counter++;
        L($"/// {Words.Sentence(_rng)}");
        Open($"pub struct {name} {{");
        L("entries: BTreeMap<u64, String>,");
        L("limits: HashMap<String, u64>,");
        L("timeout: Duration,");
        Close();
        L();
        Open($"impl {name} {{");
        Open("pub fn new(timeout: Duration) -> Self {");
        L("Self { entries: BTreeMap::new(), limits: HashMap::new(), timeout }");
        Close();
        var methods = _rng.Next(2, 6);
        for (var i = 0; i < methods; i++)
        {
            L();
            Method();
        }
        Close();
    }

    private void Method()
    {
        var noun = Words.Snake(Noun());
        var verb = Verb();
        if (_rng.Chance(0.5)) L($"/// {Words.Sentence(_rng)}");
        Open($"pub fn {verb}_{noun}_{_counter++}(&mut self, key: &str, value: u64) -> Result<Option<String>, String> {{");
        if (PlantStubMacro()) { Close(); return; }
        if (_rng.Chance(0.3)) Comment();
        L($"let limit = self.limits.get(key).copied().unwrap_or({_rng.Next(1, 4096)});");
        Open("if value > limit {");
        L($"return Err(format!(\"{noun} {{}} over its limit {{}}\", key, limit));");
        Close();
        switch (_rng.Next(4))
        {
            case 0:
                Open("for (id, entry) in self.entries.iter().filter(|(_, e)| e.starts_with(key)) {");
                L($"debug!(id = *id, entry = %entry, \"{verb} {noun}\");");
                Close();
                break;
            case 1:
                Open("let total: u64 = self");
                L(".entries");
                L(".keys()");
                L(".map(|k| k.saturating_mul(2))");
                L(".sum();");
                _indent--;
                L("self.limits.insert(key.to_string(), total.max(value));");
                break;
            case 2:
                Open("let next = match self.entries.last_key_value() {");
                L("Some((id, _)) => id + 1,");
                L("None => 0,");
                Close("};");
                L("self.entries.insert(next, format!(\"{}-{}\", key, value));");
                break;
            default:
                Open("if let Some(previous) = self.entries.insert(value, key.to_owned()) {");
                L($"debug!(previous = %previous, \"replaced {noun}\");");
                Close();
                break;
        }
        if (_rng.Chance(0.2)) Comment();
        L("Ok(self.entries.get(&value).cloned())");
        Close();
    }

    /// <summary>Maybe writes a stub body (todo!/unimplemented!) and returns true when it did.</summary>
    private bool PlantStubMacro()
    {
        if (!_rng.Chance(_rates.StubMacro)) return false;
        switch (_rng.Next(4))
        {
            case 0: L("todo!()"); break;
            case 1: L($"unimplemented!(\"{Verb()} for {Noun()}\")"); break;
            case 2: L($"let _ = (key, value);"); L($"todo!(\"{Verb()} the {Noun()}\")"); break;
            default: L("Ok(Some(vec![key.to_string(), todo!()].join(\",\")))"); break;
        }
        if (_inTest) Planted.TestStubs++; else Planted.StubMacros++;
        return true;
    }

    private void Service()
    {
        var svc = Words.Pascal(Noun()) + _counter++;
        L($"/// The {svc} gRPC service: {Words.Sentence(_rng)}");
        L($"pub struct {svc}ServiceImpl {{");
        L($"    state: Arc<RwLock<HashMap<u64, {svc}Entry>>>,");
        L("}");
        L();
        L("#[tonic::async_trait]");
        Open($"impl {svc}Service for {svc}ServiceImpl {{");
        var methods = _rng.Next(2, 6);
        for (var i = 0; i < methods; i++)
        {
            if (i > 0) L();
            Handler(svc);
        }
        Close();
    }

    private void Handler(string svc)
    {
        var method = Words.Pascal(Verb()) + Words.Pascal(Noun());
        var snake = string.Concat(method.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        Open($"async fn {snake}(");
        L("&self,");
        L($"request: Request<{method}Request>,");
        _indent--;
        Open($") -> Result<Response<{method}Response>, Status> {{");
        if (_rng.Chance(_rates.StubStatus))
        {
            L(_rng.Next(3) switch
            {
                0 => $"Err(Status::unimplemented(\"{snake} is not supported yet\"))",
                1 => $"Err(tonic::Status::new(Code::Unimplemented, \"{snake}\"))",
                _ => "Err(Status::unimplemented(format!(\"{} is not available\", request.get_ref().id)))",
            });
            if (_inTest) Planted.TestStubs++; else Planted.StubStatuses++;
            Close();
            return;
        }
        if (PlantStubMacroInHandler()) { Close(); return; }
        L("let req = request.into_inner();");
        L("let id = req");
        L("    .id");
        L("    .parse::<u64>()");
        L("    .map_err(|e| Status::invalid_argument(format!(\"bad id: {e}\")))?;");
        if (_rng.Chance(0.3)) Comment();
        L("let state = self.state.read().await;");
        Open("match state.get(&id) {");
        Open("Some(entry) => {");
        L($"info!(id, \"{snake}\");");
        L($"Ok(Response::new({method}Response {{ entry: Some(entry.clone().into()) }}))");
        Close();
        L($"None => Err(Status::not_found(format!(\"{Words.Snake(Noun())} {{id}} not found\"))),");
        Close();
        Close();
        if (_rng.Chance(_rates.Decoy))
        {
            // An incoming status inspected, not produced: never a finding.
            L();
            Open($"fn is_retryable_{_counter++}(status: &Status) -> bool {{");
            Open("match status.code() {");
            L("Code::Unimplemented | Code::InvalidArgument => false,");
            L("_ => true,");
            Close();
            Close();
            Planted.Decoys++;
        }
        if (_rng.Chance(_rates.StatusConstant))
        {
            L();
            Open($"fn http_status_{_counter++}() -> StatusCode {{");
            L("StatusCode::NOT_IMPLEMENTED");
            Close();
            if (_inTest) Planted.TestStubs++; else Planted.StubStatuses++;
        }
    }

    private bool PlantStubMacroInHandler()
    {
        if (!_rng.Chance(_rates.StubMacro)) return false;
        L("let _req = request.into_inner();");
        L(_rng.Chance(0.5) ? "todo!()" : "unimplemented!()");
        if (_inTest) Planted.TestStubs++; else Planted.StubMacros++;
        return true;
    }

    private void TestModule(int target)
    {
        var wasTest = _inTest;
        _inTest = true;
        switch (_rng.Next(3))
        {
            case 0: L("#[cfg(test)]"); break;
            case 1: L("#[cfg(all(test, feature = \"integration\"))]"); break;
            default: L("#[cfg(test)]"); L("#[allow(clippy::unwrap_used)]"); break;
        }
        Open($"mod tests_{_counter++} {{");
        L("use super::*;");
        L();
        while (_lines < target)
        {
            TestFunction(_rng.Chance(0.3));
            L();
        }
        Close();
        _inTest = wasTest;
    }

    private void TestFunction(bool async)
    {
        var noun = Words.Snake(Noun());
        L(async ? "#[tokio::test]" : "#[test]");
        Open($"{(async ? "async " : "")}fn {Verb()}_{noun}_{_counter++}_works() {{");
        if (_rng.Chance(_rates.StubMacro * 4))
        {
            L("todo!(\"cover the failure path\")");
            Planted.TestStubs++;
            Close();
            return;
        }
        L($"let mut store = BTreeMap::new();");
        L($"store.insert({_rng.Next(100)}u64, \"{noun}\".to_string());");
        if (async) L("tokio::time::sleep(Duration::from_millis(1)).await;");
        if (_rng.Chance(0.2)) Comment();
        L($"assert_eq!(store.get(&{_rng.Next(100)}).map(String::as_str), Some(\"{noun}\"));");
        L("assert!(!store.is_empty(), \"store must hold the entry\");");
        Close();
    }
}

using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Rust;

public class StubMacroRuleTests
{
    private const string Server = "chainfire/crates/chainfire-server/src/lib.rs";

    [Fact]
    public void Fires_on_stub_macros_in_code_including_nested_and_macro_arguments()
    {
        using var tree = new TestTree((Server, """
            pub fn handle(kind: u8) -> u32 {
                match kind {
                    0 => todo!(),
                    1 => unimplemented!("kind {}", kind),
                    _ => {
                        let f = || std::todo!();
                        f()
                    }
                }
            }

            pub fn list() -> Vec<u32> {
                vec![todo!()]
            }

            pub fn check(x: u32) {
                assert_eq!(x, todo ! ());
            }
            """));

        Assert.Equal(
        [
            ("UCG1001", Server, 3, 14),
            ("UCG1001", Server, 4, 14),
            ("UCG1001", Server, 6, 24),
            ("UCG1001", Server, 13, 10),
            ("UCG1001", Server, 17, 19),
        ], tree.Findings("UCG1001"));
    }

    [Fact]
    public void Ignores_comments_doc_comments_strings_and_identifiers()
    {
        using var tree = new TestTree((Server, """
            //! Module docs mention todo!() as what the guard rejects.

            /// Never call `todo!()` here.
            pub fn describe() -> &'static str {
                // todo!() in a line comment
                /* unimplemented!() in a block comment */
                let raw = r#"todo!()"#;
                let todo = "unimplemented!(\"x\")";
                let todo_list = 3;
                let _ = (raw, todo_list);
                todo
            }

            macro_rules! todo_later { () => {} }
            """));

        Assert.Empty(tree.Findings("UCG1001"));
    }

    [Fact]
    public void Ignores_test_code_in_every_form_the_product_defines()
    {
        using var tree = new TestTree(
            (Server, """
                pub fn shipped() {}

                #[cfg(test)]
                mod unit {
                    fn helper() { todo!() }
                }

                #[cfg(all(test, feature = "slow"))]
                mod slow {
                    fn helper() { unimplemented!() }
                }

                #[tokio::test]
                async fn async_case() { todo!() }

                #[test]
                fn plain_case() { todo!() }

                #[cfg(test)]
                fn test_only_helper() { todo!() }

                #[cfg(test)]
                impl Default for Marker { fn default() -> Self { todo!() } }

                #[async_std::test]
                async fn other_runtime() { todo!() }

                #[cfg(test)]
                mod tests;

                #[cfg(not(test))]
                fn release_only() { todo!() }
                """),
            ("chainfire/crates/chainfire-server/src/tests.rs", "fn loaded_by_cfg_test_mod() { todo!() }\n"),
            ("chainfire/crates/chainfire-server/src/only_tests.rs", "#![cfg(test)]\nfn inner_attribute() { todo!() }\n"),
            ("chainfire/crates/chainfire-server/tests/api.rs", "fn integration() { todo!() }\n"),
            ("chainfire/crates/chainfire-server/benches/bench.rs", "fn bench() { todo!() }\n"),
            ("chainfire/crates/chainfire-server/examples/demo.rs", "fn main() { todo!() }\n"));

        Assert.Equal([("UCG1001", Server, 32, 21)], tree.Findings("UCG1001"));
    }

    [Fact]
    public void A_module_is_test_code_when_any_declaration_up_its_chain_is_and_siblings_share_their_parents()
    {
        const string Src = "chainfire/crates/chainfire-server/src/";
        using var tree = new TestTree(
            (Src + "lib.rs", "mod api;\n#[cfg(test)]\nmod testing;\n"),
            (Src + "api/mod.rs", "mod handlers;\nmod routes;\n"),
            (Src + "api/handlers.rs", "fn get() { todo!() }\n"),
            (Src + "api/routes.rs", "fn list() { todo!() }\n"),
            (Src + "api/undeclared.rs", "fn orphan() { todo!() }\n"),
            (Src + "testing/mod.rs", "mod fixtures;\nmod mocks;\n"),
            (Src + "testing/fixtures.rs", "fn fixture() { todo!() }\n"),
            (Src + "testing/mocks.rs", "fn mock() { unimplemented!() }\n"));

        Assert.Equal(
            [("UCG1001", Src + "api/handlers.rs", 1, 12), ("UCG1001", Src + "api/routes.rs", 1, 13), ("UCG1001", Src + "api/undeclared.rs", 1, 15)],
            tree.Findings("UCG1001"));
    }

    [Fact]
    public void Only_shipped_server_crates_are_in_scope()
    {
        using var tree = new TestTree(
            ("chainfire/crates/chainfire-api/src/lib.rs", "pub fn f() { todo!() }\n"),
            ("tools/src/main.rs", "fn main() { todo!() }\n"),
            ("flaredb/crates/flaredb-server/src/main.rs", "fn main() { todo!() }\n"));

        Assert.Equal([("UCG1001", "flaredb/crates/flaredb-server/src/main.rs", 1, 13)], tree.Findings("UCG1001"));
    }

    [Fact]
    public void A_syntax_error_is_reported_once_and_the_rest_of_the_file_is_still_checked()
    {
        using var tree = new TestTree((Server, """
            pub fn broken( {
            }

            pub fn fine() {
                todo!()
            }
            """));

        var findings = tree.Findings("UCG1001");
        Assert.Contains(("UCG1001", Server, 5, 5), findings);
        Assert.Single(findings, f => f.Rule == "UCG0001");
        Assert.Equal(1, findings.Single(f => f.Rule == "UCG0001").Line);
    }

    [Fact]
    public void Test_framework_attributes_mark_test_code_and_attributes_beside_them_do_not_matter()
    {
        using var tree = new TestTree((Server, """
            #[rstest]
            #[case(2)]
            fn table(#[case] n: u32) { todo!() }

            #[rstest::rstest]
            fn qualified() { todo!() }

            #[test_case(1 ; "one")]
            #[test_case(2 ; "two")]
            fn cases(n: u32) { todo!() }

            #[proptest]
            fn props(n: u32) { todo!() }

            #[quickcheck]
            fn checks(n: u32) -> bool { todo!() }

            #[wasm_bindgen_test]
            fn browser() { todo!() }

            #[sqlx::test(migrations = "db")]
            async fn database(pool: PgPool) { todo!() }

            #[test_log::test(tokio::test)]
            async fn logged() { todo!() }

            #[serial]
            #[tokio::test]
            async fn one_at_a_time() { todo!() }

            #[bench]
            fn speed(b: &mut Bencher) { todo!() }

            #[serial]
            fn shipped_because_serial_is_not_a_test() { todo!() }

            #[instrument]
            fn shipped_because_instrument_is_not_a_test() { todo!() }
            """));

        Assert.Equal([("UCG1001", Server, 35, 45), ("UCG1001", Server, 38, 49)], tree.Findings("UCG1001"));
    }

    [Fact]
    public void A_repository_adds_its_own_test_attributes_and_template_macros()
    {
        using var tree = new TestTree(
            ("uc-guards.yaml", """
                version: 1
                rules:
                  UCG1001:
                    extend:
                      test-attributes: [my_harness::case]
                      template-macros: [emit]
                """),
            (Server, """
                #[my_harness::case]
                fn harness_case() { todo!() }

                pub fn generate() -> TokenStream {
                    emit! { fn generated() { todo!() } }
                }

                pub fn shipped() { todo!() }
                """));

        Assert.Equal([("UCG1001", Server, 8, 20)], tree.Findings("UCG1001"));
    }

    [Fact]
    public void Stub_macros_in_code_templates_are_the_generated_program_not_this_crate()
    {
        using var tree = new TestTree((Server, """
            use quote::{quote, quote_spanned};

            pub fn derive_body(infer: bool) -> TokenStream {
                if infer {
                    quote! { ::std::unimplemented!() }
                } else {
                    quote_spanned! {span=> Ok(Self { inner: todo!() }) }
                }
            }

            pub fn item() -> syn::ItemFn {
                syn::parse_quote! { fn stub() { todo!() } }
            }

            pub fn nested() -> Vec<TokenStream> {
                vec![quote! { todo!() }, quote::quote! { unimplemented!() }]
            }

            pub fn not_a_template(flag: bool) -> TokenStream {
                if flag { todo!() }
                other! { todo!() }
            }
            """));

        Assert.Equal([("UCG1001", Server, 20, 15), ("UCG1001", Server, 21, 14)], tree.Findings("UCG1001"));
    }
}

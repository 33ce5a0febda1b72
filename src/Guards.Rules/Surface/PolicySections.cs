using UltraCloud.Guards.Engine.Policy;

// The product model's data in the policy (rules/policy.yaml), read by the rules of this assembly.
[assembly: PolicyDataSection("components")]
[assembly: PolicyDataSection("profiles")]
[assembly: PolicyDataSection("profile-table")]
[assembly: PolicyDataSection("archived-helpers")]
[assembly: PolicyDataSection("legacy-paths")]
[assembly: PolicyDataSection("docs-sections")]
[assembly: PolicyDataSection("canonical-checks")]
[assembly: PolicyDataSection("cluster-authoring")]
[assembly: PolicyDataSection("flake")]

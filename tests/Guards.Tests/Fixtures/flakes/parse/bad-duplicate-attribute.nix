{
  services.iam.enable = true;
  services.iam.enable = false;
}

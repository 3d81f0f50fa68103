/** Why an identity-provider sign-in came back refused, as the server names it in `#/signin?error=`. */
export const OIDC_ERROR_MESSAGES: Record<string, string> = {
  oidc_state_invalid: 'That sign-in took too long or was started in another window. Start again with the button below.',
  oidc_provider_error: 'Your identity provider did not sign you in. Try again; if it keeps failing, ask your agency’s IT support.',
  oidc_token_invalid: 'Your identity provider’s answer could not be verified, so you were not signed in. Try again; if it keeps failing, tell an administrator.',
  oidc_unknown_identity: 'Your identity provider account is not linked to a Continuum account yet; ask an administrator to link it.',
  oidc_no_role: 'Your Continuum account has no role in any agency yet; ask an administrator to give you one.',
  oidc_unavailable: 'Your identity provider cannot be reached just now. Try again in a few minutes, or sign in with your username and password.',
};

/** The refusal a sign-in route carries (`/signin?error=<reason>`), in plain words, or null. */
export function oidcErrorOf(path: string): string | null {
  const query = path.split('?')[1];
  if (!query) return null;
  const reason = new URLSearchParams(query).get('error');
  if (!reason) return null;
  return OIDC_ERROR_MESSAGES[reason] ?? 'Signing in with your identity provider did not work. Try again, or sign in with your username and password.';
}

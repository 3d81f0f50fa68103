-- serves: counting recent denied sign-ins from one address (the per-address sign-in throttle)
CREATE INDEX audit_signin_address_idx ON audit_log (address, at) WHERE action = 'session.create' AND outcome = 'denied';

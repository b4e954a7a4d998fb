/**
 * First run: log in or register, the password typed hidden. `onSubmit` talks to the server; its
 * error (one line) is shown and the form starts again at the password.
 */
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { useState } from 'react';

export type SignInMode = 'login' | 'register';

export type SignInFormProps = {
  server: string;
  color: boolean;
  /** Resolves when signed in; rejects with the line to show. */
  onSubmit(mode: SignInMode, nickname: string, password: string): Promise<void>;
};

type Step = 'mode' | 'nickname' | 'password' | 'confirm' | 'busy';

export function SignInForm(props: SignInFormProps) {
  const [step, setStep] = useState<Step>('mode');
  const [mode, setMode] = useState<SignInMode>('login');
  const [nickname, setNickname] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string>();

  useInput(
    (input) => {
      const key = input.toLowerCase();
      if (key === 'l' || key === 'r') {
        setMode(key === 'l' ? 'login' : 'register');
        setStep('nickname');
      }
    },
    { isActive: step === 'mode' },
  );

  const submit = (typed: string) => {
    if (mode === 'register' && typed !== password) {
      setError('The passwords differ: type it again.');
      setPassword('');
      setConfirm('');
      setStep('password');
      return;
    }
    setStep('busy');
    setError(undefined);
    props.onSubmit(mode, nickname.trim(), password).catch((reason: unknown) => {
      setError(reason instanceof Error ? reason.message : String(reason));
      setPassword('');
      setConfirm('');
      setStep('password');
    });
  };

  return (
    <Box flexDirection="column">
      <Text bold>Charla · {props.server}</Text>
      {step === 'mode' ? <Text>[l] log in or [r] register?</Text> : null}
      {step !== 'mode' ? (
        <Text>{mode === 'login' ? 'Log in' : 'Register a new account'}</Text>
      ) : null}
      {step === 'nickname' ? (
        <Box>
          <Text>Nickname: </Text>
          <TextInput
            value={nickname}
            onChange={setNickname}
            onSubmit={() => nickname.trim() && setStep('password')}
          />
        </Box>
      ) : step !== 'mode' ? (
        <Text>Nickname: {nickname}</Text>
      ) : null}
      {step === 'password' ? (
        <Box>
          <Text>Password: </Text>
          <TextInput
            value={password}
            mask="*"
            onChange={setPassword}
            onSubmit={() => (mode === 'register' ? setStep('confirm') : submit(password))}
          />
        </Box>
      ) : null}
      {step === 'confirm' ? (
        <Box>
          <Text>Password again: </Text>
          <TextInput value={confirm} mask="*" onChange={setConfirm} onSubmit={submit} />
        </Box>
      ) : null}
      {step === 'busy' ? <Text>Signing in…</Text> : null}
      {error ? (
        <Text color={props.color ? 'red' : undefined} bold={!props.color}>
          {error}
        </Text>
      ) : null}
    </Box>
  );
}

/** For a company identity without a nickname yet: choose one (`claimNickname`). */
export function NicknameForm(props: { color: boolean; onSubmit(nickname: string): Promise<void> }) {
  const [nickname, setNickname] = useState('');
  const [error, setError] = useState<string>();
  return (
    <Box flexDirection="column">
      <Text bold>Choose the nickname you will be known by</Text>
      <Box>
        <Text>Nickname: </Text>
        <TextInput
          value={nickname}
          onChange={setNickname}
          onSubmit={(value) =>
            props.onSubmit(value.trim()).catch((reason: unknown) => {
              setError(reason instanceof Error ? reason.message : String(reason));
            })
          }
        />
      </Box>
      {error ? (
        <Text color={props.color ? 'red' : undefined} bold={!props.color}>
          {error}
        </Text>
      ) : null}
    </Box>
  );
}

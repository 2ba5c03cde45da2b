// rule: await in a loop gives up the thread on every iteration: two such functions alternate job by job

async function count(name, n) {
  for (let i = 1; i <= n; i++) {
    console.log(name, i);
    await i;
  }
  console.log(name, 'done');
}

count('a', 3);
count('b', 3);
console.log('both started');

export async function runNode(_o: { quick: boolean }) { console.log("todo") }

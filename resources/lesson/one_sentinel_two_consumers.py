"""Mistake: one sentinel for two consumers.

Two consumer threads share the queue, but main puts only one None on it.
Whichever consumer takes it leaves its loop; the other waits in q.get()
forever, so main's join() on it never returns. Each consumer needs its own
sentinel (or, from Python 3.13, q.shutdown() ends them all).
"""

import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        processed = data * 2
        print(processed)
        evt.set()
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = [5, 10, 13, -1]
    thread_one = threading.Thread(target=creator, args=(data, q))
    consumers = [threading.Thread(target=my_consumer, args=(q,)) for _ in range(2)]
    thread_one.start()
    for thread in consumers:
        thread.start()

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    q.put(None)        # one sentinel... for two consumers
    for thread in consumers:
        thread.join()  # the consumer that gets no sentinel never ends
